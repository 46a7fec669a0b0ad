"""The read model: ids typed by a user resolve by one rule for articles and stories."""

from __future__ import annotations

import pytest

from newsprism.errors import UsageError
from newsprism.extract.article import article_id
from newsprism.pipeline import update
from newsprism.schema import Article
from newsprism.settings import default_settings
from newsprism.views import resolve_article, resolve_story

TEXTS = [
    "The harbour board reopened the north quay on Monday after three weeks of repairs to its cranes.",
    "A heatwave closed schools across the southern provinces, and hospitals cancelled planned surgery.",
    "The national orchestra named a new conductor, the first from outside the country in its history.",
]


@pytest.fixture
def filled(store):
    with store.transaction():
        for k, text in enumerate(TEXTS):
            store.upsert_article(Article(id=article_id(text, None), origin=f"t{k}", body=text, text=text,
                                         published=f"2024-0{k + 1}-10"))
    update(store, default_settings(), "stories")
    return store


def test_articles_and_stories_resolve_by_the_same_rule(filled):
    article = article_id(TEXTS[0], None)
    assert resolve_article(filled, article) == article  # a whole id
    assert resolve_article(filled, article[:10]) == article  # a unique prefix
    stories = [s.id for s in filled.stories()]
    assert len(stories) == 3
    story = stories[0]
    assert resolve_story(filled, story) == story
    assert resolve_story(filled, story[:12]) == story
    assert resolve_story(filled, story.removeprefix("story-")[:6]) == story  # "story-" may be left out


@pytest.mark.parametrize("resolve", [resolve_article, resolve_story])
def test_unknown_and_ambiguous_ids_name_the_fix(filled, resolve):
    with pytest.raises(UsageError, match=r"no (article|story) with id 'zzz'; see 'newsprism (list|stories)'"):
        resolve(filled, "zzz")
    typed = "" if resolve is resolve_article else "story-"
    with pytest.raises(UsageError, match="is ambiguous .* type more characters"):
        resolve(filled, typed)
