"""The JSON API's OpenAPI 3.1 description (served at /openapi.json)."""

from __future__ import annotations

from typing import Any

from .. import __version__

_SPAN = {"type": "object", "required": ["article", "start", "end", "text"], "properties": {
    "article": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"}}}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
_STORY_ROW = {"type": "object", "required": ["id", "title", "articles", "outlets", "start", "end", "entities", "dates"],
              "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "articles": {"type": "integer"},
                             "outlets": {"type": "array", "items": {"type": "string"}},
                             "start": {"type": ["string", "null"]}, "end": {"type": ["string", "null"]},
                             "entities": {"type": "array", "items": {"type": "string"}},
                             "dates": {"type": "array", "items": {"type": "string"}},
                             "changed": {"type": ["string", "null"],
                                         "description": "when an article of the story was last added or changed"},
                             "grew": {"type": "boolean", "description": "changed at or after `since`"}}}
_ENTITY_CHOICE = {"type": "object", "required": ["id", "name", "spellings"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"},
    "spellings": {"type": "array", "items": {"type": "string"},
                  "description": "a few other spellings of the name the corpus uses, most used first"}}}
_FILTERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "words in the stories' articles"},
    {"name": "outlet", "in": "query", "schema": {"type": "string"}},
    {"name": "entity", "in": "query", "schema": {"type": "string"}, "description": "a canonical entity id, or any spelling of its name the corpus uses, in any "
     "script (Песков, Пєсков and Peskov find one entity)"},
    # Empty is allowed: a form sends its empty fields.
    {"name": "from", "in": "query", "schema": {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"}},
    {"name": "to", "in": "query", "schema": {"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"}},
    {"name": "since", "in": "query", "description": "mark the stories that gained or changed an article since "
     "this date or time (UTC)", "schema": {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?$"}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
]


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _csv(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}


def openapi_document() -> dict[str, Any]:
    not_found = _json(_ERROR, "no such story or article")
    bad = _json(_ERROR, "a parameter out of range")
    story_page = {"type": "object", "required": ["story", "articles", "comparison", "copies"], "properties": {
        "story": {"type": "object"}, "articles": {"type": "array", "items": {"type": "object"}},
        "comparison": {"type": ["object", "null"], "description": "see README, 'Comparisons'"},
        "copies": {"type": "array", "items": {"type": "object"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsprism", "version": __version__,
                 "description": "Read-only access to a newsprism store: stories, their comparison, articles."},
        "paths": {
            "/api/stories": {"get": {"summary": "Stories, largest first, filtered", "parameters": _FILTERS,
                                     "responses": {"200": _json({"type": "object", "required": ["total", "stories"],
                                                                 "properties": {"total": {"type": "integer"},
                                                                                "stories": {"type": "array",
                                                                                            "items": _STORY_ROW},
                                                                                "entities": {"type": "array",
                                                                                             "items": _ENTITY_CHOICE}}},
                                                                "a page of stories"), "400": bad}}},
            "/api/stories.csv": {"get": {"summary": "All matching stories as CSV", "parameters": _FILTERS,
                                         "responses": {"200": _csv("stories"), "400": bad}}},
            "/api/stories/{story_id}": {"get": {"summary": "One story with its comparison", "parameters": [
                _path("story_id")], "responses": {"200": _json(story_page, "the story"), "404": not_found}}},
            "/api/stories/{story_id}/{table}.csv": {"get": {
                "summary": "One table of a story's comparison as CSV",
                "parameters": [_path("story_id"), {**_path("table"), "schema": {
                    "type": "string", "enum": ["facts", "statements", "disagreements", "labels", "timeline"]}}],
                "responses": {"200": _csv("the table"), "404": not_found}}},
            "/api/articles/{article_id}": {"get": {"summary": "One article with its annotations", "parameters": [
                _path("article_id")], "responses": {"200": _json({"type": "object", "required": ["article"],
                                                                  "properties": {"article": {"type": "object"},
                                                                                 "story": {"type": ["string", "null"]},
                                                                                 "copies": {"type": "array"}}},
                                                                 "the article"), "404": not_found}}},
            "/api/search": {"get": {"summary": "Full-text search of articles", "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": _json({"type": "object", "required": ["q", "results"], "properties": {
                    "q": {"type": "string"}, "results": {"type": "array", "items": {"type": "object"}}}},
                    "matching articles, best first")}}},
        },
        "components": {"schemas": {"Span": _SPAN, "Error": _ERROR}},
    }
