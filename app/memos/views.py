"""Routes for composing, signing and reading memos (the pages come with the compose slice)."""
