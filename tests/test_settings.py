from django.conf import settings


def test_tests_use_a_private_data_folder():
    assert "newsarchive-test-" in str(settings.DATA_DIR)
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
