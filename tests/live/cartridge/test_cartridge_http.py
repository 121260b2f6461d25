"""The FastAPI router: free and paid routes, limits, unknown slugs, the gateway route."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from live.cartridge import Payment
from live.cartridge.router_fastapi import cartridge_router, gateway_route

pytestmark = pytest.mark.live


@pytest.fixture
def client(store, host):
    for name in ("echo", "counter", "paid-info"):
        store.create(name, template=name)
        store.compile(name)
    app = FastAPI()
    payer = Payment("0xpayer", 1000, "0xfeed")
    app.include_router(cartridge_router(host, payment=lambda request: payer, max_body_bytes=64))
    with TestClient(app) as c:
        yield c


def test_free_route_runs_the_cartridge(client):
    r = client.post("/app/echo", content="hello")
    assert r.status_code == 200 and r.json() == "hello"
    assert r.headers["content-type"].startswith("application/json")


def test_sub_paths_and_methods_reach_the_cartridge(client):
    assert client.get("/app/counter/any/path?x=1").json() == {"count": 1}
    assert client.put("/app/counter").json() == {"count": 2}


def test_paid_route_hands_the_payment_to_the_guest(client):
    assert client.get("/c/paid-info").json()["payer"] == "0xpayer"
    assert client.get("/app/paid-info").json() is None


def test_unknown_slug_is_a_404_naming_it(client):
    for url in ("/app/nothing", "/c/nothing", "/app/BAD_SLUG"):
        r = client.get(url)
        assert r.status_code == 404
        assert r.json()["error"] == "not_found"
        assert url.split("/")[2] in r.json()["message"]


def test_oversize_and_non_utf8_bodies_are_refused(client):
    assert client.post("/app/echo", content="x" * 65).status_code == 413
    assert client.post("/app/echo", content=b"\xff\xfe").status_code == 400


def test_a_failing_cartridge_is_a_500_with_its_reason(client, host):
    host.install("spin", '(module (memory (export "memory") 1) '
                 '(func (export "x402_handle") (param i32 i32) (loop $l (br $l))))')
    r = client.get("/app/spin")
    assert r.status_code == 500
    assert r.headers["x-cartridge-error"] == "fuel"
    assert r.json()["error"] == "cartridge_fuel"


def test_served_filter_hides_undeployed_slugs(store, host):
    store.create("echo", template="echo")
    store.compile("echo")
    app = FastAPI()
    app.include_router(cartridge_router(host, served=lambda slug: False))
    with TestClient(app) as c:
        assert c.get("/app/echo").status_code == 404


def test_gateway_route_serves_the_cartridge_in_process(store, host):
    pytest.importorskip("x402")
    manifest = store.create("echo", template="echo", price=1234)
    store.compile("echo")
    route = gateway_route(host, manifest, pay_to="0x" + "11" * 20)
    assert route.slug == "echo" and route.price == 1234
    with TestClient(route.upstream) as c:
        assert json.loads(c.post("/anything", content="hi").content) == "hi"
