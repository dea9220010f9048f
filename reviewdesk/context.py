from authors.roles import role_of


def roles(request):
    """The current user's role, for the navigation bar."""
    return {"role": role_of(request.user) if hasattr(request, "user") else ""}
