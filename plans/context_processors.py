from plans.policy import SITE, actor_for, can, review_step


class SiteAbilities:
    """``{{ may.view_supervision }}`` in templates: the policy's answer for each page of the site,
    asked only when a template reads it."""

    def __init__(self, user):
        self._user = user

    @property
    def review_step(self) -> str:
        return review_step(self._user)

    def __getitem__(self, action: str) -> bool:
        if action not in SITE.actions:
            raise KeyError(action)
        return can(self._user, action)


def actor(request):
    """The Actor (who the user is, for display) and what the policy lets them open (``may``)."""
    user = getattr(request, "user", None)
    return {"actor": actor_for(user), "may": SiteAbilities(user)}
