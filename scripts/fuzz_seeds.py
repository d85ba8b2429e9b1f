#!/usr/bin/env python3
"""Seeds the cargo-fuzz corpora (fuzz/corpus/<target>/) from the shared test vectors and the
example policy, so fuzzing starts from realistic inputs. Idempotent; files are named by
content hash. Structured targets (check, rank) build their input from raw bytes and need
no seeds."""
import hashlib
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def put(target: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    put("policy_toml", (ROOT / "examples" / "policy.toml").read_bytes())
    for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        for case in json.loads(path.read_text()):
            inp = case.get("input", {})
            if "policy" in case:
                put("policy_json", json.dumps(case["policy"]).encode())
            advocates = list(inp.get("advocates", []))
            if "advocate" in inp:
                advocates.append(inp["advocate"])
            for a in advocates:
                put("advocate_json", struct.pack("<h", 0) + json.dumps(a).encode())
            if "request" in inp:
                put("validate_request", json.dumps(inp["request"]).encode())
    put("policy_json", b'{"version": 1}')


if __name__ == "__main__":
    main()
