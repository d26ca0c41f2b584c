"""`rasd kb validate --extra` (issue 26): a user's record that takes a built-in record's id,
a folder that is not there, and a file that is not valid YAML are each a problem line that
names the file (and line), never "ok" and never a traceback."""
import pytest

from conftest import run_rasd
from rasd.errors import KBError
from rasd.kb.load import load_kb
from rasd.kb.lookup import lookup
from rasd.kb.validate import validate

OWN = """\
# a record of my own
- id: "me:org:monitor"
  type: organization
  name_ar: "مرصد الاختبار"
  name_en: "Test Monitor"
  country: IGO
  code: IGOTEST
"""
# "Q1065" is the built-in United Nations
TAKES_UN_ID = """\
- id: "me:org:office"
  type: organization
  name_en: "Our Office"
  country: IGO
  code: IGOOFF

- id: "Q1065"
  type: organization
  name_ar: "مكتبنا"
  name_en: "Our Field Office"
  country: IGO
  code: IGOUNO
"""
BROKEN = """\
- id: "me:org:broken"
  type: organization
  name_en: [Broken Org
  code: IGOBRK
"""


def _folder(tmp_path, **files):
    folder = tmp_path / "my_kb"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_valid_folder_is_ok_and_counted(tmp_path):
    problems, sizes = validate((str(_folder(tmp_path, own=OWN)),))
    assert problems == []
    assert sizes["organization"] == validate()[1]["organization"] + 1


def test_a_record_taking_a_built_in_id_is_a_problem(tmp_path):
    folder = _folder(tmp_path, office=TAKES_UN_ID)
    # what it does when loaded: the United Nations is gone
    assert any("United Nations" in line for line in lookup("United Nations"))
    assert not any("Q1065" in line and "United Nations /" in line for line in lookup("United Nations",
                                                                                        extra_dirs=(str(folder),)))
    problems, _ = validate((str(folder),))
    assert problems == [f"{folder}/office.yaml:7: id Q1065 overrides the built-in record Q1065 (organizations.yaml: "
                        "United Nations / الأمم المتحدة), which is then no longer used; give your record an id of its own"]


def test_a_record_taking_an_id_from_another_user_file_is_a_problem(tmp_path):
    folder = _folder(tmp_path, a_first=OWN, b_second=OWN.replace("Test Monitor", "Second Monitor"))
    [problem] = validate((str(folder),))[0]
    assert problem.startswith(f"{folder}/b_second.yaml:2: id me:org:monitor overrides the record me:org:monitor "
                              f"({folder}/a_first.yaml: Test Monitor")


def test_a_missing_folder_is_a_problem(tmp_path):
    assert validate((str(tmp_path / "nowhere"),))[0] == [f"{tmp_path / 'nowhere'}: no such folder"]


def test_a_file_or_an_empty_folder_is_a_problem(tmp_path):
    (tmp_path / "one.yaml").write_text(OWN, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    problems, _ = validate((str(tmp_path / "one.yaml"), str(tmp_path / "empty")))
    assert problems == [f"{tmp_path / 'one.yaml'}: not a folder (--extra takes a folder of .yaml files)",
                        f"{tmp_path / 'empty'}: no .yaml or .yml files in this folder"]


def test_broken_yaml_names_the_file_and_line_and_the_rest_is_checked(tmp_path):
    folder = _folder(tmp_path, broken=BROKEN, own=OWN)
    problems, sizes = validate((str(folder),))
    assert problems == [f"{folder}/broken.yaml:4: not valid YAML: did not find expected ',' or ']' (column 7), "
                        "while parsing a flow sequence that starts on line 3"]
    assert sizes["organization"] == validate()[1]["organization"] + 1     # own.yaml was read


def test_loading_broken_yaml_raises_a_kb_error_naming_the_line(tmp_path):
    folder = _folder(tmp_path, broken=BROKEN)
    with pytest.raises(KBError, match=r"broken\.yaml:4: not valid YAML"):
        load_kb((str(folder),))


@pytest.mark.parametrize("text, problem", [
    ("id: me:x\ntype: place\n", "expected a list of records (- id: ...), found dict"),
    ("- name_en: No Id\n", "a record without an id"),
    ("- {id: 'me:person:x', type: person, name_en: X, country: JOR, roles: oops}\n", "record me:person:x: wrong shape"),
    ("\xff", None),
])
def test_records_of_the_wrong_shape_are_problems(tmp_path, text, problem):
    folder = _folder(tmp_path)
    (folder / "odd.yaml").write_bytes(text.encode("latin-1") if problem is None else text.encode("utf-8"))
    [line] = validate((str(folder),))[0]
    assert line.startswith(f"{folder}/odd.yaml") and (problem or "cannot be read as UTF-8 text") in line


def _said(res) -> str:
    """What the command printed, on either stream, with the console's line folding undone."""
    return "".join((res.stdout + "\n" + res.stderr).splitlines())


def test_cli_kb_validate_says_what_is_wrong_without_a_traceback(tmp_path):
    res = run_rasd("kb", "validate", "--extra", tmp_path / "nowhere", check=False)
    assert res.returncode == 1 and "no such folder" in _said(res) and "Traceback" not in res.stderr
    assert "ok" not in res.stdout.split()
    res = run_rasd("kb", "validate", "--extra", _folder(tmp_path, broken=BROKEN), check=False)
    assert res.returncode == 1 and "broken.yaml:4" in _said(res) and "Traceback" not in res.stderr
