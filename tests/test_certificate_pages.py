"""A trainee's certificate as a page and as a PDF; the public verification page; who may
see what."""

import io
from datetime import timedelta

from django.core.cache import cache
from django.test import Client, TestCase
from django.utils import timezone
from pypdf import PdfReader

from courses.learning.models import Certificate
from courses.learning.services.certificates import revoke
from tests.certificate_helpers import (
    certificate_course,
    certificate_trainee,
    earn_certificate,
    pdf_text,
    qr_codes_in,
)
from tests.factories import make_editor

A4_LANDSCAPE = (841.89, 595.28)


def squeeze(text: str) -> str:
    return "".join(text.split())


class CertificateTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = certificate_course(certificate_valid_months=24)
        cls.trainee = certificate_trainee(cls.course)
        cls.certificate = earn_certificate(cls.trainee, cls.course)
        cls.other = certificate_trainee(cls.course, "other", full_name="Other Person")

    def client_for(self, user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


class OwnerPagesTests(CertificateTestCase):
    def test_the_owner_sees_the_certificate_and_its_verification_link(self):
        response = self.client_for(self.trainee).get(self.certificate.get_absolute_url())
        self.assertContains(response, "Zoë Ångström-Núñez")
        self.assertContains(response, self.course.title)
        self.assertContains(response, self.certificate.code)
        self.assertContains(response, f"http://testserver/certificates/{self.certificate.code}/")
        self.assertContains(response, "Download the PDF")

    def test_anyone_else_gets_not_found_for_the_page_and_the_pdf(self):
        for url in (
            self.certificate.get_absolute_url(),
            f"/learning/certificates/{self.certificate.code}/pdf/",
        ):
            for user in (self.other, make_editor(f"editor-{len(url)}")):
                response = self.client_for(user).get(url)
                self.assertEqual(response.status_code, 404, url)
                self.assertContains(response, "Certificate not found", status_code=404)
                self.assertNotContains(response, "Zoë", status_code=404)
            response = self.client_for(None).get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/accounts/login/", response["Location"])

    def test_a_badly_shaped_code_is_not_found(self):
        client = self.client_for(self.trainee)
        for code in ("nope", "x" * 300, "7K3M-Q9TX-B2RD-W4HN"):
            response = client.get(f"/learning/certificates/{code}/pdf/")
            self.assertEqual(response.status_code, 404)

    def test_the_pdf_holds_the_name_course_hours_date_and_code(self):
        response = self.client_for(self.trainee).get(
            f"/learning/certificates/{self.certificate.code}/pdf/"
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        data = response.content
        self.assertTrue(data.startswith(b"%PDF-"))
        reader = PdfReader(io.BytesIO(data))
        self.assertEqual(len(reader.pages), 1)
        box = reader.pages[0].mediabox
        self.assertAlmostEqual(float(box.width), A4_LANDSCAPE[0], places=0)
        self.assertAlmostEqual(float(box.height), A4_LANDSCAPE[1], places=0)
        text = pdf_text(data)
        self.assertIn("Zoë Ångström-Núñez", text)
        self.assertIn(squeeze(self.course.title), squeeze(text))
        self.assertIn("8 CE hours", text)
        completed = self.certificate.completed_on
        self.assertIn(f"Completed on {completed.day} {completed:%B %Y}", text)
        self.assertIn(self.certificate.code, text)
        self.assertIn("valid until", text)
        # The fonts travel with the file.
        fonts = reader.pages[0]["/Resources"]["/Font"]
        for font in fonts.values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            self.assertIn("/FontFile2", descriptor)
        # The QR code holds the public verification address.
        self.assertEqual(
            qr_codes_in(data), [f"http://testserver/certificates/{self.certificate.code}/"]
        )

    def test_the_pdf_is_the_same_at_every_download(self):
        client = self.client_for(self.trainee)
        url = f"/learning/certificates/{self.certificate.code}/pdf/"
        self.assertEqual(client.get(url).content, client.get(url).content)

    def test_a_revoked_certificate_cannot_be_downloaded(self):
        course = certificate_course(evaluation=False, ethics=False)
        trainee = certificate_trainee(course, "revoked")
        certificate = earn_certificate(trainee, course)
        revoke(certificate, by=make_editor(), reason="Issued in error")
        client = self.client_for(trainee)
        response = client.get(f"/learning/certificates/{certificate.code}/pdf/")
        self.assertContains(response, "This certificate was revoked", status_code=410)
        response = client.get(certificate.get_absolute_url())
        self.assertContains(response, "was revoked on")
        self.assertNotContains(response, "Download the PDF")


class NamesInThePdfTests(CertificateTestCase):
    def pdf_for(self, name: str) -> str:
        certificate = Certificate(
            **{
                field.name: getattr(self.certificate, field.name)
                for field in Certificate._meta.concrete_fields
                if field.name not in ("id", "code")
            }
        )
        certificate.holder_name = name
        from courses.learning.pdf import certificate_pdf

        data = certificate_pdf(certificate, "http://testserver/certificates/X/")
        self.assertEqual(len(PdfReader(io.BytesIO(data)).pages), 1)
        return pdf_text(data)

    def test_right_to_left_and_accented_names_print_as_written(self):
        for name in ("שרה לוי-כהן", "فاطمة الزهراء", "Łukasz Żółć", "Nguyễn Thị Minh Khai"):
            with self.subTest(name=name):
                self.assertIn(name, self.pdf_for(name))

    def test_a_name_of_200_characters_fits_on_the_page(self):
        name = ("Maria-Fernanda de los Ángeles " * 8)[:200]
        self.assertEqual(len(name), 200)
        self.assertIn(squeeze(name), squeeze(self.pdf_for(name)))


class VerificationTests(CertificateTestCase):
    def verify(self, code, client=None):
        return (client or self.client_for(None)).get(f"/certificates/{code}/")

    def test_a_valid_certificate_shows_only_the_listed_facts(self):
        self.trainee.licence_number = "LIC-SENTINEL-123"
        self.trainee.save()
        response = self.verify(self.certificate.code)
        self.assertContains(response, "This certificate is valid")
        self.assertContains(response, "Zoë Ångström-Núñez")
        self.assertContains(response, self.course.title)
        self.assertContains(response, "<dd>8</dd>", html=True)
        completed = self.certificate.completed_on
        self.assertContains(response, f"{completed.day} {completed:%B %Y}")
        for private in (self.trainee.email, "LIC-SENTINEL-123", "psycholog", "accreditation"):
            self.assertNotContains(response, private)
        self.assertNotContains(response, "Download the PDF")

    def test_another_trainee_sees_no_more_than_anyone(self):
        response = self.verify(self.certificate.code, self.client_for(self.other))
        self.assertContains(response, "This certificate is valid")
        self.assertNotContains(response, self.trainee.email)
        self.assertNotContains(response, "Download the PDF")

    def test_a_revoked_certificate_shows_as_revoked_with_its_date(self):
        course = certificate_course(evaluation=False, ethics=False)
        trainee = certificate_trainee(course, "revoked-v")
        certificate = earn_certificate(trainee, course)
        revoke(certificate, by=make_editor(), reason="SENTINEL-REASON")
        response = self.verify(certificate.code)
        self.assertContains(response, "This certificate has been revoked")
        self.assertContains(response, f"{timezone.localdate():%B %Y}")
        self.assertNotContains(response, "SENTINEL-REASON")

    def test_an_expired_certificate_shows_as_expired(self):
        past = timezone.now() - timedelta(days=1)
        Certificate.objects.filter(pk=self.certificate.pk).update(expires_at=past)
        response = self.verify(self.certificate.code)
        self.assertContains(response, "This certificate has expired")
        self.assertContains(response, "Status: Expired")

    def test_unknown_and_badly_shaped_codes_get_a_clear_not_found_page(self):
        for code in ("0000-0000-0000-0000", "not-a-code", "7K3M-Q9TX", "<script>"):
            response = self.verify(code)
            self.assertContains(response, "Certificate not found", status_code=404)
            self.assertContains(response, "four groups of four", status_code=404)

    def test_a_code_typed_in_lower_case_finds_its_certificate(self):
        response = self.verify(self.certificate.code.lower())
        self.assertRedirects(response, f"/certificates/{self.certificate.code}/")
        response = self.client_for(None).get("/certificates/", {"code": self.certificate.code})
        self.assertRedirects(response, f"/certificates/{self.certificate.code}/")
        response = self.client_for(None).get("/certificates/", {"code": "a/b/c"})
        self.assertContains(response, "Certificate not found", status_code=404)

    def test_verification_is_rate_limited_per_client(self):
        cache.clear()
        client = self.client_for(None)
        statuses = [self.verify(f"0000-0000-0000-{n:04d}", client).status_code for n in range(30)]
        self.assertEqual(set(statuses), {404})
        response = self.verify(self.certificate.code, client)
        self.assertContains(response, "too many certificate checks", status_code=429)
        other_client = Client(REMOTE_ADDR="10.9.8.7")
        self.assertEqual(self.verify(self.certificate.code, other_client).status_code, 200)
