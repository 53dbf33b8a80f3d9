"""Reference lists built from the Citation blocks in a lesson body."""


def cited_references(body) -> list:
    """The references cited in `body`, in order of first citation, each once.

    Citations whose reference was deleted are skipped. The snippets are fetched in one query
    by the StreamField's bulk loading, however many citations there are.
    """
    seen, references = set(), []
    for block in body:
        if block.block_type != "citation":
            continue
        reference = block.value.get("reference")
        if reference is not None and reference.pk not in seen:
            seen.add(reference.pk)
            references.append(reference)
    return references
