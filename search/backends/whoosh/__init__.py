"""The embedded Whoosh backend: a haystack engine on disk, read with numpy.

Everything that touches Whoosh lives in this package: the haystack engine and
schema (`haystack_engine`), index generations and the writer lock (`store`),
the segment writer (`bulk`), the cached read side (`engine`, `vector`) and the
translation of neutral plans into Whoosh queries (`snapshot`).
"""

from .snapshot import WhooshBackend, WhooshSnapshot

__all__ = ["WhooshBackend", "WhooshSnapshot"]
