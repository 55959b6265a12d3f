"""`noddfa pathway CASE.json`: JSON out on success, one clear line and exit 2 otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from noddfa.pathway import evaluate
from noddfa.pathway.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
CASE = {
    "jurisdiction": "wales",
    "person": {"age": 15},
    "elements": {"action": ["recruitment"], "purpose": ["criminal"]},
    "indicators": ["CTL-14"],
}


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "noddfa.pathway.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def assert_refused(completed: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    for text in expected:
        assert text in completed.stderr


def test_case_file_prints_the_pathway_as_json(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    completed = run_cli(str(path))
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == evaluate(CASE)
    # Welsh is printed as Welsh, not as \u escapes.
    assert "â" in completed.stdout


def test_case_on_stdin_with_a_dash() -> None:
    completed = run_cli("-", stdin=json.dumps(CASE))
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["ruleset"] == "wales-2026.2"


def test_invalid_case_exits_2_naming_the_field_without_a_traceback() -> None:
    completed = run_cli("-", stdin=json.dumps({**CASE, "person": {"age": -4}}))
    assert_refused(completed, "person.age", "whole number")


def test_unknown_field_exits_2_naming_it() -> None:
    completed = run_cli("-", stdin=json.dumps({**CASE, "adult": {"consent": True}}))
    assert_refused(completed, "adult.consent: unknown field")


def test_malformed_json_exits_2_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "jurisdiction": "wales",\n  "person": {"age": 15,}\n}\n', encoding="utf-8"
    )
    assert_refused(run_cli(str(path)), "line 3, column", "invalid JSON")


def test_missing_file_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    assert_refused(run_cli(str(tmp_path / "nowhere.json")), "nowhere.json: no such file")


def test_directory_and_non_utf8_files_exit_2(tmp_path: Path) -> None:
    assert_refused(run_cli(str(tmp_path)), "is a directory")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{")
    assert_refused(run_cli(str(binary)), "not valid UTF-8")


def test_json_that_is_not_an_object_exits_2() -> None:
    assert_refused(run_cli("-", stdin="[1, 2]"), "must be a JSON object")


def test_deeply_nested_json_exits_2() -> None:
    assert_refused(run_cli("-", stdin="[" * 100_000), "stdin: invalid JSON")


def test_main_in_process_returns_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"jurisdiction": "england"}), encoding="utf-8")
    assert main([str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["ruleset"] == "england-2026.2"
    path.write_text(json.dumps({"jurisdiction": "england", "indicators": ["NOPE"]}))
    assert main([str(path)]) == 2
    assert "indicators[0]" in capsys.readouterr().err


def test_reader_closing_the_pipe_early_is_not_a_traceback() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "noddfa.pathway.cli", "-"]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(CASE).encode())
        process.stdin.close()
        process.stdout.close()
        assert process.stderr is not None
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr


def test_a_field_given_twice_is_refused_not_read_as_the_last_value() -> None:
    # {"age": 15, "age": 30} would otherwise quietly read as an adult (issue 14, item 16).
    completed = run_cli("-", stdin='{"jurisdiction": "wales", "person": {"age": 15, "age": 30}}')
    assert_refused(completed, "'age'", "more than once")


def test_a_number_too_long_to_read_is_refused_without_a_traceback() -> None:
    digits = "9" * 5000
    completed = run_cli("-", stdin=f'{{"jurisdiction": "wales", "person": {{"age": {digits}}}}}')
    assert_refused(completed, "a number is too long")
    assert digits[:50] not in completed.stderr
