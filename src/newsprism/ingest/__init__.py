"""Getting articles in: files, records, archives, feeds and URLs."""
