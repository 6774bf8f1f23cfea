"""Server-rendered pages for the people links are shared with (a driving adapter beside
the JSON API and the CLI): the same use cases, Jinja templates, one stylesheet."""
