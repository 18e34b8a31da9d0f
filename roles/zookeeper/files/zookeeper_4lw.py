"""Send ZooKeeper four-letter words and print the answers as one JSON object.

Run by ansible.builtin.script with python3:
  zookeeper_4lw.py [--host HOST] [--port PORT] [--timeout S] WORD...

ruok answers as a string ("imok"); srvr, mntr, conf and stat answers become
objects of their "key<TAB>value" or "Key: value" lines. A word that cannot be
sent yields "" and its error under "errors", so callers can retry on the
output alone: the exit status is 0 unless the arguments are wrong.
"""

import argparse
import json
import socket

RAW_WORDS = ("ruok", "isro")


def ask(host, port, word, timeout):
    chunks = []
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(word.encode("ascii"))
        sock.shutdown(socket.SHUT_WR)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def parse(word, text):
    if word in RAW_WORDS:
        return text.strip()
    fields = {}
    for line in text.splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
        elif ": " in line:
            key, value = line.split(": ", 1)
        elif "=" in line:
            key, value = line.split("=", 1)
        else:
            continue
        fields[key.strip()] = value.strip()
    return fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2181)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("words", nargs="+")
    args = parser.parse_args()

    result = {"errors": {}}
    for word in args.words:
        try:
            result[word] = parse(word, ask(args.host, args.port, word, args.timeout))
        except OSError as exc:
            result[word] = "" if word in RAW_WORDS else {}
            result["errors"][word] = "%s:%s: %s" % (args.host, args.port, exc)
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
