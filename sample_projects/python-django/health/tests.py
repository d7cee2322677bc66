from django.test import SimpleTestCase


class HealthViewTests(SimpleTestCase):
    def test_health(self):
        response = self.client.get("/health")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_hello(self):
        response = self.client.get("/hello", {"name": "Ada"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"message": "Hello, Ada!"})
