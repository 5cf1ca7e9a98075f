"""packaging/size_report.py: the frozen program's parts by name, and the size budget CI holds it to."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "size_report.py"


def load_size_report():
    spec = importlib.util.spec_from_file_location("size_report", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(folder: Path, relative: str, megabytes: float) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * int(megabytes * 1024 * 1024))


@pytest.fixture()
def build(tmp_path: Path) -> Path:
    folder = tmp_path / "gmdesk-1.0"
    write(folder, "gmdesk", 2)
    write(folder, "_internal/PySide6/Qt/lib/libicudata.so.73", 30)
    write(folder, "_internal/PySide6/Qt/lib/libQt6Core.so.6", 8)
    write(folder, "_internal/PySide6/QtCore.abi3.so", 4)
    write(folder, "_internal/cryptography/hazmat/bindings/_rust.abi3.so", 11)
    write(folder, "_internal/libpython3.11.so.1.0", 6)
    write(folder, "_internal/resources/style.qss", 1)
    return folder


def test_each_part_is_named_with_its_size_and_icu_is_left_out_of_the_shared_total(
    build: Path, capsys
) -> None:
    assert load_size_report().main([str(build)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["30.0", "MB", "ICU（仅", "Linux", "的", "Qt", "带）"]
    by_part = {line.split("MB", 1)[1].strip(): float(line.split()[0]) for line in lines[:-1]}
    assert by_part["Qt 库"] == 8.0
    assert by_part["PySide6 绑定"] == 4.0
    assert by_part["cryptography（加密备份）"] == 11.0
    assert by_part["Python 解释器与标准库"] == 6.0
    assert by_part["gmdesk 资源与模板"] == 1.0
    assert lines[-1].strip() == "62.0 MB  合计；不含仅 Linux 才有的 ICU：32.0 MB"


def test_over_budget_fails_and_says_by_how_much(build: Path, capsys) -> None:
    size_report = load_size_report()
    assert size_report.main([str(build), "--budget", "32"]) == 0
    assert size_report.main([str(build), "--budget", "31"]) == 1
    assert "超出体积预算：32.0 MB > 31 MB" in capsys.readouterr().err


def test_a_missing_folder_is_named(tmp_path: Path, capsys) -> None:
    assert load_size_report().main([str(tmp_path / "nowhere")]) == 2
    assert "没有找到打包目录" in capsys.readouterr().err
