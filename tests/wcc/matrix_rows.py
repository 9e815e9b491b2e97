from tests.matrix import Row, everyone

ROWS = [
    Row("healthz", everyone(200)),
]
