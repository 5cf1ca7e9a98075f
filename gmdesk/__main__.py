from gmdesk.cli import main

raise SystemExit(main())
