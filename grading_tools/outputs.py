"""Cap the size of cell outputs in graded notebooks.

nbgrader's ``LimitOutput`` caps the number of lines of printed output, but one line can be
huge (``print(big_array.tolist())``), and so can a rich output (the HTML of a
100,000-row DataFrame, a large image). ``LimitOutputSize`` runs after it during
``nbgrader autograde`` and trims every text output to ``max_chars`` characters and
replaces any rich output larger than that by a short note, so the autograded notebook
and the feedback HTML stay small. Scores are unaffected: nbgrader scores a test cell by
whether it raised an error or printed to stderr, and trimming keeps both facts.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

TRIM_NOTE = "\n... [output trimmed by the course's grader: {removed:,} more characters] ...\n"


class LimitOutputSize(NbGraderPreprocessor):
    """Trim text outputs and drop oversized rich outputs (see the module docstring)."""

    max_chars = Integer(20_000, help="Largest text output kept, in characters (-1: no limit).").tag(config=True)
    max_image_chars = Integer(2_000_000, help="Largest image kept (base64 characters; -1: no limit).").tag(config=True)

    def _trim(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        head = text[: self.max_chars]
        return head + TRIM_NOTE.format(removed=len(text) - self.max_chars)

    def preprocess_cell(self, cell, resources, cell_index):
        if self.max_chars < 0 or cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                text = output.text if isinstance(output.text, str) else "".join(output.text)
                output.text = self._trim(text)
            elif output.output_type in ("display_data", "execute_result"):
                data = output.get("data", {})
                kept = {}
                for mime, value in data.items():
                    value = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else value
                    size = len(value) if isinstance(value, str) else len(str(value))
                    limit = self.max_image_chars if mime.startswith("image/") else self.max_chars
                    if limit < 0 or size <= limit:
                        kept[mime] = value
                    elif mime == "text/plain":
                        kept[mime] = self._trim(value)
                if "text/plain" not in kept and len(kept) < len(data):
                    kept["text/plain"] = "[a large output was removed by the course's grader]"
                output.data = kept
            elif output.output_type == "error":
                output.evalue = self._trim(output.get("evalue", ""))
        return cell, resources
