"""Terminal control characters, defined once for the reader, the writer and the printer.

C0 controls, DEL, C1 controls, and the bidirectional overrides that make a
terminal show text out of order ("Trojan Source"). Tab, line feed and
carriage return are ordinary in a YAML file; a one-line value refuses them too.
"""

from __future__ import annotations

import re

_BASE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"

IN_FILE = re.compile(f"[{_BASE}]")  # never in a release file
IN_BLOCK = re.compile(f"[{_BASE}\r]")  # escaped in printed paragraphs (a CR would overwrite the line)
IN_LINE = re.compile(f"[{_BASE}\t\n\r]")  # escaped (or refused) in one-line values
