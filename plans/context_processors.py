from plans.permissions import actor_for


def actor(request):
    """Expose the permission Actor to templates for role-based navigation."""
    return {"actor": actor_for(getattr(request, "user", None))}
