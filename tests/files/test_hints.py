"""Problems in files worded as fixes: a de-indented block, libyaml's syntax errors,
a bad file name or a duplicate key that hides nothing, a reference by name, and
--country UK refused by the same rule as `country: UK` in a file."""

from __future__ import annotations

from support import write_release, write_text

TAIL = """organization:
  - name: Lab
    country: US
categories: [language]
sources:
  - id: s1
    title: T
    url: https://example.com
"""


def problems(cli, folder) -> list[str]:
    result = cli("validate", "--data-dir", str(folder))
    assert result.exit_code == 1
    # "dup.yaml:2:1: name: ..." -> "2:1: name: ..."; a problem of the whole file has no position.
    return [line.split(".yaml:", 1)[1].lstrip() for line in result.stdout.splitlines() if ".yaml:" in line]


def test_a_de_indented_block_says_to_indent_it(cli, tmp_path):
    write_text(tmp_path, "deindent", "name: De Indent\nreleased:\ndate: 2026-02-10\nsource: s1\n" + TAIL)
    found = problems(cli, tmp_path)
    assert "3:1: date: 'date' belongs under 'released:' (line 2): indent it by two spaces, as 'released:' is empty" \
        in found
    assert not any("did you mean 'date'" in p or "did you mean 'source'" in p for p in found)


def test_an_unknown_field_never_suggests_itself(cli, tmp_path):
    write_text(tmp_path, "odd", "name: Odd\nreleased:\n  date: 2026-02-10\n  source: s1\nurl: x\n" + TAIL)
    (found,) = problems(cli, tmp_path)
    assert found == "5:1: url: unknown field 'url'"


def test_a_colon_in_a_value_says_to_quote_it(cli, tmp_path):
    write_text(tmp_path, "colon", "name: Colon: The Model\nreleased:\n  date: 2026-02-10\n  source: s1\n" + TAIL)
    (found,) = problems(cli, tmp_path)
    assert found.endswith("a value with ': ' in it must be quoted: name: 'Colon: The Model'")
    write_text(tmp_path, "colon", "name: It's: Here\nreleased:\n  date: 2026-02-10\n  source: s1\n" + TAIL)
    (found,) = problems(cli, tmp_path)
    assert found.endswith("must be quoted: name: 'It''s: Here'")  # YAML's own escape of a quote


def test_a_bad_indent_names_the_line_to_check(cli, tmp_path):
    text = "name: Dash\norganization:\n  - name: Lab\n    country: US\n  name: Other\nreleased:\n  date: 2026-02-10\n"
    write_text(tmp_path, "dash", text)
    (found,) = problems(cli, tmp_path)
    # Both parsers word it the same (the pure-Python one decides), in words, not token names.
    assert found.startswith("5:3: YAML syntax: expected the end of the block, but found a key; "
                            "check the indent of line 5:")


def test_a_bad_file_name_does_not_hide_the_content_errors(cli, tmp_path):
    write_release(tmp_path, "Bad_Name", categories=["languag"])
    result = cli("validate", "--data-dir", str(tmp_path))
    lines = result.stdout.splitlines()
    assert "file name 'Bad_Name.yaml' is not a valid id" in lines[0]
    assert "categories[0]: unknown category 'languag'; did you mean 'language'?" in lines[1]


def test_a_duplicate_key_does_not_hide_the_schema_errors(cli, tmp_path):
    write_text(tmp_path, "dup", "name: Dup\nname: Dup\nreleased:\n  date: 2026-02-10\n  source: s1\n"
               + TAIL.replace("[language]", "[languag]"))
    found = problems(cli, tmp_path)
    assert found[0] == "2:1: name: duplicate key 'name' (first at line 1)"
    assert any("unknown category 'languag'" in p for p in found[1:])


def test_a_reference_by_name_suggests_the_id(cli, tmp_path):
    write_release(tmp_path, "gpt-4", name="GPT-4")
    write_release(tmp_path, "next", name="Next", predecessor="GPT-4")
    (found,) = problems(cli, tmp_path)
    assert found.endswith("predecessor: no release with id 'GPT-4' in the collection; a reference is an id: "
                          "did you mean 'gpt-4' (GPT-4)?")


def test_uk_is_refused_with_the_same_hint_on_the_command_line_and_in_files(cli, tmp_path):
    write_release(tmp_path, "uk", organization=[{"name": "Lab", "country": "UK"}])
    (found,) = problems(cli, tmp_path)
    assert "unknown country code 'UK'" in found and found.endswith("did you mean 'GB' (United Kingdom)?")
    for typed in ("UK", "uk"):
        result = cli("list", "--country", typed)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.endswith("; did you mean GB (United Kingdom)?\n")
    assert cli("list", "--country", "United Kingdom", "-q").exit_code == 0
