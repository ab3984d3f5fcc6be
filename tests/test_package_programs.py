"""A package's validators as BAPCtools builds them: BAPCtools' validation.h provided (from an
installed BAPCtools; here a stand-in of ours) to a C++ validator that includes it and lacks it
(its link into BAPCtools dangles), constants replaced."""
import os
import shutil

import pytest

from judge import package_programs
from judge.package import load_problem
from judge.verify import verify_problem

from conftest import FIXTURES, PACKAGES, verify_errors

STUB = FIXTURES / "bapctools-stub"   # an installed BAPCtools, as far as finding its headers goes

VALIDATOR = """#include "validation.h"

int main(int argc, char** argv) {
    InputValidator v(argc, argv);
    v.read_integer("n", {{MIN}}, {{MAX}});
    v.newline();
}
"""


@pytest.fixture
def package(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(STUB))
    copy = tmp_path / "constants-2025"
    shutil.copytree(PACKAGES / "constants-2025", copy)
    (copy / "input_validators" / "validate.py").unlink()       # the C++ one alone decides
    folder = copy / "input_validators" / "bounded"
    folder.mkdir()
    (folder / "bounded.cpp").write_text(VALIDATOR)
    os.symlink("../../../bapctools/resources/headers/validation.h", folder / "validation.h")  # dangles
    return copy



@pytest.mark.slow
def test_validation_h_is_provided_and_the_validator_judges(package):
    report = verify_problem(package)
    assert verify_errors(report) == []
    assert not any("skipped" in f.message for f in report.findings)
    (package / "data" / "sample" / "1.in").write_text("0\n")          # below {{MIN}}: rejected now
    assert any("rejects test sample/1" in e for e in verify_errors(verify_problem(package)))


def test_the_copy_built_has_the_header_and_the_constants(package):
    problem = load_problem(package)
    built = package_programs.source_for(problem, package / "input_validators" / "bounded" / "bounded.cpp")
    assert sorted(p.name for p in built.iterdir()) == ["bounded.cpp", "validation.h"]
    assert "read_integer(\"n\", 1, 100)" in (built / "bounded.cpp").read_text()
    assert package_programs.bapctools_header("validation.h") == STUB / "bapctools/resources/headers/validation.h"
    assert (built / "validation.h").read_bytes() == package_programs.bapctools_header("validation.h").read_bytes()
    assert package_programs.source_for(problem, built / "validation.h") == built / "validation.h"  # nothing to do


def test_without_bapctools_installed_the_validator_is_one_package_error(package, monkeypatch):
    monkeypatch.setattr(package_programs, "bapctools_header", lambda name: None)
    report = verify_problem(package)
    assert any("includes validation.h" in e and "pip install bapctools" in e for e in verify_errors(report)), \
        verify_errors(report)


def test_a_header_of_the_package_is_not_replaced(package):
    folder = package / "input_validators" / "bounded"
    (folder / "validation.h").unlink()
    (folder / "validation.h").write_text("// the package's own\n")
    problem = load_problem(package)
    built = package_programs.source_for(problem, folder)
    assert (built / "validation.h").read_text() == "// the package's own\n"


def test_a_compile_error_names_the_packages_file_not_the_copy(package):
    source = package / "input_validators" / "bounded" / "bounded.cpp"
    source.write_text(VALIDATOR.replace("v.newline();", "v.newline()"))   # a syntax error
    errors = verify_errors(verify_problem(package))
    assert any(e.startswith(f"{source}: does not compile") for e in errors), errors
