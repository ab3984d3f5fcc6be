"""A function problem's results archive is untrusted bytes parsed in the judge's own
process: hostile archives (a deflate bomb, a header declaring 2^37 values, a truncated
archive, a pickle, a header lying about its shape) are each a wrong answer with a
message, never a judge error, and cost the judge little memory; the parser itself is
checked on crafted bytes, and only a broken *answer* archive is the package's fault."""
from __future__ import annotations

import io
import resource
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from judge.checkers import CheckerSpec, check
from judge.checkers.arrays import MAX_MEMBERS, MalformedArchive, compare, read_npz
from judge.judging import judge_solution
from judge.package import load_problem
from judge.verdicts import Verdict

from conftest import FIXTURES, PACKAGES

HOSTILE = FIXTURES / "function_hostile"
JUDGE_MEMORY_GROWTH_MIB = 64


def npz(compressed: bool = False, **arrays) -> bytes:
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def npy(header: dict, payload: bytes) -> bytes:
    """A .npy member with exactly this header and these bytes after it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + payload


def resident_mib() -> tuple[float, float]:
    """(peak since the last reset, current) resident memory of this process, the judge."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), fields.get("VmRSS", 0.0)


def reset_peak() -> None:
    """Start the peak over from the current resident size (Linux >= 4.0); where that is
    not allowed the peak stays the process's lifetime peak, a weaker but safe measure."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


# --- hostile programs judged on the function fixture package ---------------------

@pytest.fixture(scope="module")
def problem():
    return load_problem(PACKAGES / "vector-fn")


@pytest.mark.parametrize("name, phrase", [
    ("deflate_bomb.py", "declare 2048 MiB of arrays, over the 8 MiB limit on results"),  # the output limit
    ("huge_shape.py", "header declares shape (137438953472,)"),
    ("truncated.py", "negative seek value"),
    ("pickled.py", "dtype object is not accepted"),
    ("lying_shape.py", "header declares shape (3,) of float64 (24 bytes) but the member holds 40 bytes"),
])
def test_hostile_results_are_a_wrong_answer_at_bounded_cost(problem, name, phrase):
    reset_peak()
    _, before = resident_mib()
    result = judge_solution(problem, HOSTILE / name, fail_fast=True)
    peak, _ = resident_mib()
    assert result.verdict is Verdict.WA, [(t.name, t.verdict, t.message) for t in result.tests]
    assert all(t.verdict is not Verdict.JE for t in result.tests)
    message = result.tests[0].message
    assert "not a valid .npz archive" in message and phrase in message, message
    assert "answer" not in message and message.isprintable(), message
    assert peak - before < JUDGE_MEMORY_GROWTH_MIB, (before, peak)


# --- the parser on crafted bytes -------------------------------------------------

def test_well_formed_archives_read_back_exactly():
    arrays = dict(f=np.arange(6.0).reshape(2, 3), fortran=np.asfortranarray(np.arange(6.0).reshape(2, 3)),
                  f32=np.ones(3, np.float32), scalar=np.array(2.5), empty=np.zeros((0, 4)),
                  flags=np.array([True, False]), text=np.array("a message"))
    for data in (npz(**arrays), npz(compressed=True, **arrays)):
        got = read_npz(data, 1 << 20)
        assert got.keys() == arrays.keys()
        for name, array in arrays.items():
            assert got[name].dtype == array.dtype and got[name].shape == array.shape, name
            np.testing.assert_array_equal(got[name], array)


def _patch_central_sizes(data: bytes, file_size: int) -> bytes:
    """The archive with its (only) central directory entry declaring `file_size`."""
    at = data.rfind(b"PK\x01\x02")
    patched = bytearray(data)
    struct.pack_into("<L", patched, at + 24, file_size)
    return bytes(patched)


def _malformed(data: bytes, max_bytes: int | None = 1 << 20) -> str:
    with pytest.raises(MalformedArchive) as caught:
        read_npz(data, max_bytes)
    return str(caught.value)


def test_declared_sizes_over_the_bound_are_refused_before_inflating():
    zeros = npy({"descr": "<f8", "fortran_order": False, "shape": (1 << 17,)}, bytes(1 << 20))
    data = zip_of({"a.npy": zeros}, zipfile.ZIP_DEFLATED)
    assert len(data) < 10_000 and read_npz(data, 2 << 20)["a"].shape == (1 << 17,)
    assert "over the 0.5 MiB limit on results" in _malformed(data, 1 << 19)
    # the sum counts, not each member
    two = zip_of({"a.npy": zeros, "b.npy": zeros}, zipfile.ZIP_DEFLATED)
    assert "over the" in _malformed(two, (1 << 20) + 4096)
    # a declared 2 GiB member is refused without inflating it (this would take 2 GiB)
    assert "over the" in _malformed(_patch_central_sizes(data, 1 << 31))


def test_a_member_that_inflates_beyond_its_declared_size_is_refused():
    zeros = npy({"descr": "<f8", "fortran_order": False, "shape": (1 << 17,)}, bytes(1 << 20))
    data = _patch_central_sizes(zip_of({"a.npy": zeros}, zipfile.ZIP_DEFLATED), 200)
    assert "CRC" in _malformed(data)


@pytest.mark.parametrize("members, phrase", [
    ({"a.npy": npy({"descr": "|O", "fortran_order": False, "shape": (1,)}, bytes(8))}, "dtype object"),
    ({"a.npy": npy({"descr": [("x", "<f8")], "fortran_order": False, "shape": (1,)}, bytes(8))}, "not accepted"),
    ({"a.npy": npy({"descr": "|S0", "fortran_order": False, "shape": (1 << 60,)}, b"")}, "not accepted"),
    ({"a.npy": npy({"descr": "<f8", "fortran_order": False, "shape": (-2, -3)}, bytes(48))}, "negative"),
    ({"a.npy": npy({"descr": "<f8", "fortran_order": False, "shape": (1 << 37,)}, bytes(16))},
     "(137438953472,) of float64 (1099511627776 bytes) but the member holds 16 bytes"),
    ({"a.npy": npy({"descr": "<f8", "fortran_order": False, "shape": (2,)}, bytes(24))}, "holds 24 bytes"),
    ({"a.npy": npy({"descr": "<f8", "fortran_order": False, "shape": (4,)}, bytes(24))}, "holds 24 bytes"),
    ({"a.npy": b"\x93NUMPY\x03\x00" + bytes(40)}, "version (3, 0)"),
    ({"a.npy": b"not an array at all"}, "magic"),
    ({"a.txt": b"hello"}, "member 'a.txt' is not a .npy array"),
    ({"a\x1b[31m.txt": b"hello"}, "member 'a\\x1b[31m.txt'"),
])
def test_malformed_members_are_refused_with_a_reason(members, phrase):
    message = _malformed(zip_of(members))
    assert phrase in message and message.isprintable(), message


def test_a_huge_header_is_refused():
    header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (1,), " + b" " * 20_000 + b"}\n"
    member = b"\x93NUMPY\x02\x00" + struct.pack("<L", len(header)) + header + bytes(8)
    assert "large" in _malformed(zip_of({"a.npy": member}))


def test_zip_level_tricks_are_refused():
    good = npy({"descr": "<f8", "fortran_order": False, "shape": (1,)}, bytes(8))
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.npy", good)
        archive.writestr("a.npy", good)
    assert "same name" in _malformed(buffer.getvalue())
    assert "deflate" in _malformed(zip_of({"a.npy": good}, zipfile.ZIP_BZIP2))
    encrypted = bytearray(zip_of({"a.npy": good}))
    struct.pack_into("<H", encrypted, encrypted.rfind(b"PK\x01\x02") + 8, 1)
    assert "encrypted" in _malformed(bytes(encrypted))
    assert f"more than {MAX_MEMBERS} members" in _malformed(b"PK\x01\x02" * (MAX_MEMBERS + 1))


def test_any_corruption_is_a_malformed_archive_never_another_error():
    """Truncations and byte flips of a real results archive: each either reads (a flip
    inside the data) or is refused as malformed; nothing else escapes the parser."""
    data = npz(sum=np.arange(3.0), scaled=np.ones((2, 2), np.float32), acc=np.array([1, 2, 3]))
    rng = np.random.default_rng(13)
    damaged = [data[:cut] for cut in range(0, len(data), 7)]
    for _ in range(400):
        flipped = bytearray(data)
        for at in rng.integers(0, len(data), rng.integers(1, 4)):
            flipped[at] = int(rng.integers(0, 256))
        damaged.append(bytes(flipped))
    for sample in damaged:
        try:
            read_npz(sample, 1 << 20)
        except MalformedArchive:
            pass


# --- whose fault: the solution's results or the package's answer -----------------

class Answer:
    def __init__(self, path: Path):
        self.answer = path


@pytest.mark.parametrize("output", [b"", b"garbage", npz(x=np.ones(2))[:-10], zip_of({"x.txt": b"1"})])
def test_a_malformed_result_is_a_wrong_answer_that_does_not_blame_the_answer(tmp_path, output):
    (tmp_path / "1.ans").write_bytes(npz(x=np.ones(2)))
    result = check(output, Answer(tmp_path / "1.ans"), CheckerSpec("arrays"))
    assert result.verdict is Verdict.WA and "answer" not in result.message, result.message


def test_only_a_malformed_answer_is_a_judge_error(tmp_path):
    (tmp_path / "1.ans").write_bytes(npz(x=np.ones(2))[:-10])
    result = check(npz(x=np.ones(2)), Answer(tmp_path / "1.ans"), CheckerSpec("arrays"))
    assert result.verdict is Verdict.JE and "answer 1.ans is not a valid .npz archive" in result.message


def test_the_bound_comes_from_the_checker_options(tmp_path):
    (tmp_path / "1.ans").write_bytes(npz(x=np.ones(1000)))
    output = npz(x=np.ones(1000))
    assert check(output, Answer(tmp_path / "1.ans"), CheckerSpec("arrays")).verdict is Verdict.AC
    small = CheckerSpec("arrays", options=(("max_output_bytes", 4096.0),))
    result = check(output, Answer(tmp_path / "1.ans"), small)
    assert result.verdict is Verdict.WA and "limit on results" in result.message


def test_a_forged_error_message_is_shown_as_data():
    result = compare(npz(x=np.ones(2)), npz(__error__=np.array("\x1b[2J" + "x" * 5000)))
    assert result.verdict is Verdict.WA
    assert result.message.isprintable() and "\\x1b[2J" in result.message and len(result.message) <= 300
