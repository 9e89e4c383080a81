"""The data model: the pydantic models of every table (tables/), the record types built from the committed
schemas, the schemas themselves, the kinds of file, and what a finding of the validator is."""
