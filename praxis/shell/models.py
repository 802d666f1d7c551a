from django.conf import settings
from django.db import models


class DigestPreference(models.Model):
    """Whether a person wants the weekly e-mail digest (off until they switch it on in their
    profile), and the week it last went to them, so `praxis send_digests` sends at most once a week
    however often cron runs it. No row means "off"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="digest_preference"
    )
    weekly = models.BooleanField("send me a weekly digest by e-mail", default=False)
    # The Monday of the last week a digest was sent (ISO weeks, the site's time zone).
    sent_week = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["weekly", "sent_week"])]

    def __str__(self) -> str:
        return f"Digest for {self.user_id}: {'weekly' if self.weekly else 'off'}"
