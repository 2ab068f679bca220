"""One page under load, for bin/bench: every simulated user GETs BENCH_PATH as fast as it can
with the session cookie bin/bench got from the login form (BENCH_COOKIES, "name=value; ..."),
so no user spends the run logging in."""

import os
from http.cookiejar import Cookie

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
LABEL = os.environ.get("BENCH_LABEL", PATH)
COOKIES = [c.split("=", 1) for c in os.environ.get("BENCH_COOKIES", "").split("; ") if c]


class PageUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        host = self.host.split("://", 1)[1].split(":")[0]
        for name, value in COOKIES:
            self.client.cookiejar.set_cookie(
                Cookie(0, name, value, None, False, host, False, False, "/", True, False,
                       None, True, None, None, {})
            )  # fmt: skip

    @task
    def page(self):
        with self.client.get(PATH, name=LABEL, catch_response=True) as response:
            # Sent to a login step (the login form, a second factor) is a failure, not a page.
            if response.status_code != 200 or "/konto/" in (response.url or ""):
                response.failure(f"status {response.status_code} at {response.url}")
