"""Reply-letter templates belong to a jurisdiction (issue 9): the schema. The existing rows are moved by
0008_reply_templates_to_top_jurisdiction, in a migration (a transaction) of its own: on PostgreSQL an ALTER
TABLE after row changes in the same transaction fails on the deferred foreign-key checks they queued."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure_requests', '0006_clock_setting_and_one_label_set'),
        ('organizations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='replytemplate',
            name='jurisdiction',
            field=models.ForeignKey(blank=True, help_text='空：本安装的默认模板', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reply_templates', to='organizations.jurisdiction', verbose_name='行政区划'),
        ),
        migrations.AlterField(
            model_name='replytemplate',
            name='reply_type',
            field=models.CharField(choices=[('already_public', '已主动公开，告知获取方式（第三十六条第（一）项）'), ('disclosed', '予以公开（第三十六条第（二）项）'), ('partial', '部分公开（第三十七条）'), ('withheld', '不予公开（第三十六条第（三）项）'), ('not_held', '本机关不掌握相关政府信息（第三十六条第（四）项）'), ('not_this_agency', '不属于本机关负责公开（第三十六条第（五）项）'), ('needs_processing', '没有现成信息需要另行制作（第三十八条）'), ('unclear_after_correction', '补正后申请内容仍不明确（第三十条）'), ('petition', '信访举报投诉类申请，不作为政府信息公开申请处理（第三十九条第一款）'), ('repeated', '重复申请，不予重复处理（第三十六条第（六）项）'), ('publication', '要求提供公开出版物（第三十九条第二款）'), ('unreasonable_volume', '无正当理由大量反复申请，不予处理（第三十五条）'), ('confirm_obtained', '要求行政机关确认或重新出具已获取信息（第三十九条第一款）'), ('special_law', '依照有关法律、行政法规的规定办理（第三十六条第（七）项）'), ('correction_not_made', '申请人无正当理由逾期不补正，不再处理（第三十条）'), ('fee_not_paid', '申请人逾期未缴纳信息处理费，不再处理（《政府信息公开信息处理费管理办法》（国办函〔2020〕109号））'), ('other', '其他处理')], max_length=30, verbose_name='答复类型'),
        ),
        migrations.AddConstraint(
            model_name='replytemplate',
            constraint=models.UniqueConstraint(fields=('jurisdiction', 'reply_type'), name='one_reply_template_per_jurisdiction'),
        ),
        migrations.AddConstraint(
            model_name='replytemplate',
            constraint=models.UniqueConstraint(condition=models.Q(('jurisdiction__isnull', True)), fields=('reply_type',), name='one_installation_reply_template'),
        ),
    ]
