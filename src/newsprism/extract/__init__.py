"""Extract: from one raw input to a clean :class:`~newsprism.schema.Article`.

Decoded bytes become the article text and its metadata (``page``), page furniture is
removed with its reason (``clean``, ``furniture``), dates and language are read from
the page (``dates``, ``language``); ``article`` puts these together for one input. The runner
(``newsprism ingest``) writes articles to the store and learns each outlet's recurring furniture.
"""
