from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .models import Article


def article_list(request):
    paginator = Paginator(Article.objects.for_listing().newest_first(), 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page_obj": page})


def article_detail(request, pk: int, slug: str = ""):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})
