// Full-text search over Chinese text with a word-agnostic index.
//
// Chinese has no spaces and the commonest queries are two-character words
// (噪音, 油烟, 停车), which a trigram index cannot find. So a text is indexed
// as its character bigrams: the text's ContentChars are split into units (one
// unit per non-ASCII character, one per maximal run of ASCII letters and
// digits) and every pair of neighbouring units becomes one token. The last
// unit is also emitted alone, so that every unit starts some token and a
// one-unit query can be a prefix query. The tokens are separated by spaces,
// so SQLite's plain unicode61 tokenizer indexes them as they are and the
// index stays readable by any SQLite (no custom tokenizer to register).
//
// A query term of n >= 2 units becomes the FTS5 phrase of its n - 1 bigrams;
// since the index lists a text's bigrams in order, the phrase matches exactly
// the texts that contain the term as a contiguous substring (after folding).
// Terms separated by whitespace must all match (AND). See docs/search.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotline {

// The units of `text` (see above), each as UTF-8.
std::vector<std::string> SearchUnits(std::string_view text);

// The text stored in the FTS index for `text`: its bigram tokens in order,
// then the last unit; "" for a text without content characters.
std::string SearchIndexText(std::string_view text);

// The FTS5 MATCH expression for a user's query, or "" when the query has no
// content characters (nothing to search for).
std::string SearchMatchExpression(std::string_view query);

// An excerpt of `text` of about `width` characters around the first place
// where a term of `query` occurs, HTML-escaped, with every occurrence of a
// term wrapped in <mark>…</mark>. Without a match: the text's beginning.
std::string HighlightSnippet(std::string_view text, std::string_view query, int width = 80);

}  // namespace hotline
