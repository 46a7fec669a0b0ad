"""``newsprism watch``: poll sources, keep the store current, raise alerts (see :mod:`.watcher`)."""
