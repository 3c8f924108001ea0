import hashlib

from . import text


def content_hash(lead: str, body: str) -> str:
    return hashlib.sha256(text.key(f"{lead} {body}").encode()).hexdigest()
