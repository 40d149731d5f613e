"""The rule catalogue (docs/rules.md) and the tests that prove each rule.

A test proves a rule when its function name contains ``r<phase>_<n>`` (``test_r2_5_…``) or its
docstring names ``R<phase>.<n>``; a range in a docstring (``R2.1–R2.7``) counts for every rule in
it. The block at the end of docs/rules.md is generated from the test tree (read with ``ast``, no
import); regenerate it after adding or renaming such a test:

    make rules-doc        # or: .venv/bin/python -m tests.test_rules_catalogue
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
START, END = "<!-- rule tests: generated -->", "<!-- end of generated rule tests -->"

# R1.1 … R6.5: the catalogue's own entries ("- **R1.1** …").
CATALOGUE_ENTRY = re.compile(r"^- \*\*R([1-6])\.(\d+)\*\*", re.MULTILINE)
IN_NAME = re.compile(r"(?<![a-z0-9])r([1-6])_(\d+)(?!\d)")
IN_DOC = re.compile(r"\bR([1-6])\.(\d+)(?:\s*[–-]\s*R\1\.(\d+))?(?!\d)")


def _key(rule):
    phase, number = rule[1:].split(".")
    return int(phase), int(number)


def catalogue_rules(text=None):
    """The rule ids of docs/rules.md, in their order."""
    text = RULES_MD.read_text(encoding="utf-8") if text is None else text
    return [f"R{phase}.{number}" for phase, number in CATALOGUE_ENTRY.findall(text)]


def rules_named(name, docstring):
    """The rule ids a test names in its function name or docstring."""
    found = {f"R{phase}.{number}" for phase, number in IN_NAME.findall(name)}
    for phase, first, last in IN_DOC.findall(docstring or ""):
        for number in range(int(first), int(last or first) + 1):
            found.add(f"R{phase}.{number}")
    return found


def collect_rule_tests(root=ROOT):
    """{rule id: sorted ``path::test`` names} for every test function under ``root/tests``
    (benchmarks in tests/perf are not tests)."""
    found = defaultdict(set)
    for path in sorted((root / "tests").rglob("test_*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("tests/perf/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test"
            ):
                for rule in rules_named(node.name, ast.get_docstring(node)):
                    found[rule].add(f"{relative}::{node.name}")
    return {rule: sorted(names) for rule, names in found.items()}


def render_rule_tests(rules=None, tests=None):
    """The generated block of docs/rules.md: for each rule, the tests that prove it."""
    rules = catalogue_rules() if rules is None else rules
    tests = collect_rule_tests() if tests is None else tests
    untested = [rule for rule in rules if not tests.get(rule)]
    lines = [
        START,
        f"{sum(1 for rule in rules if tests.get(rule))} of {len(rules)} rules are named by at "
        f"least one test; {len({t for rule in rules for t in tests.get(rule, [])})} tests name "
        "a rule.",
        "",
        "Rules no test names yet: " + (", ".join(untested) if untested else "none") + ".",
    ]
    for rule in rules:
        names = tests.get(rule, [])
        lines += ["", f"#### {rule} ({len(names)})", ""]
        lines += [f"- `{name}`" for name in names] or ["- *no test names this rule yet*"]
    lines.append(END)
    return "\n".join(lines)


def write_docs():
    """Rewrite the generated block of docs/rules.md from the test tree."""
    text = RULES_MD.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    RULES_MD.write_text(before + render_rule_tests() + after, encoding="utf-8")


def test_docs_rules_md_lists_the_current_tests_of_each_rule():
    """Regenerate with ``make rules-doc`` after adding or renaming a test that names a rule."""
    text = RULES_MD.read_text(encoding="utf-8")
    assert START in text and END in text
    assert render_rule_tests() in text, "docs/rules.md is stale: run `make rules-doc`"


def test_the_catalogue_has_every_rule_once_in_order():
    rules = catalogue_rules()
    assert len(rules) == len(set(rules))
    assert rules == sorted(rules, key=_key)
    phases = {rule.split(".")[0] for rule in rules}
    assert phases == {"R1", "R2", "R3", "R4", "R5", "R6"}
    assert rules[0] == "R1.1" and rules[-1] == "R6.5"
    assert len(rules) == 7 + 7 + 5 + 4 + 5 + 5


def test_every_rule_a_test_names_is_in_the_catalogue():
    unknown = {
        rule: names for rule, names in collect_rule_tests().items() if rule not in catalogue_rules()
    }
    assert unknown == {}


def test_rule_ids_are_read_from_names_docstrings_and_ranges():
    assert rules_named("test_r2_2_panel_needs_two_specialists", None) == {"R2.2"}
    assert rules_named("test_r1_4_and_r1_3_limits", "") == {"R1.3", "R1.4"}
    assert rules_named("test_portal", "Published only with the authorization (R5.4).") == {"R5.4"}
    assert rules_named("test_walk", "Phase 2 (R2.1–R2.3, R3.1).") == {
        "R2.1",
        "R2.2",
        "R2.3",
        "R3.1",
    }
    assert rules_named("test_r12_is_not_a_rule_nor_is_r7_1", "R10.1 nor R7.1") == set()
    assert rules_named("test_mirror_12", "a thermometer R2-D2") == set()


def test_generated_block_lists_untested_rules_as_such(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        'def test_r1_1_a():\n    """Also R1.3."""\n\ndef helper_r1_2():\n    pass\n'
    )
    tests = collect_rule_tests(tmp_path)
    assert tests == {
        "R1.1": ["tests/test_x.py::test_r1_1_a"],
        "R1.3": ["tests/test_x.py::test_r1_1_a"],
    }
    block = render_rule_tests(["R1.1", "R1.2", "R1.3"], tests)
    assert "2 of 3 rules are named by at least one test; 1 tests name a rule." in block
    assert "Rules no test names yet: R1.2." in block
    assert "#### R1.2 (0)\n\n- *no test names this rule yet*" in block


if __name__ == "__main__":
    write_docs()
    print(f"{RULES_MD.relative_to(ROOT)}: generated block rewritten")
