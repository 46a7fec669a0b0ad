"""Sources: getting raw inputs in (files, records, archives, feeds and URLs), one RawItem per article."""
