import re

from django.conf import settings

PSB_RECORD_URL = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode="


def site(request):
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "demo_banner": settings.GONGKAI_DEMO_BANNER,
        "site_footer": site_footer(),
    }


def site_footer() -> dict:
    """The portal footer's identification lines (GONGKAI_SITE_* settings); empty ones are left out."""
    psb = settings.GONGKAI_PSB_NUMBER
    lines = {
        "sponsor": settings.GONGKAI_SITE_SPONSOR,
        "organiser": settings.GONGKAI_SITE_ORGANISER,
        "id_code": settings.GONGKAI_SITE_ID_CODE,
        "icp": settings.GONGKAI_ICP_NUMBER,
        "psb": psb,
        "psb_url": PSB_RECORD_URL + re.sub(r"\D", "", psb) if psb else "",
    }
    return {**lines, "any": any(lines.values())}
