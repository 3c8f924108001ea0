from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self) -> None:
        # The reading pages (articles) borrow marked terms, result-list
        # neighbours and related articles from search through `page_aids`.
        from .web import aids

        aids.register()
