"""Rules about many rows, kept by the database itself (see core.db)."""

from django.db import migrations

from core.db import exactly_one, seat_limit


class Migration(migrations.Migration):
    dependencies = [("commission", "0002_initial")]

    operations = [
        seat_limit(
            rule="commission_seat_limit",
            table="commission_commissionmembership",
            body_column="commission_id",
            seats_query=(
                "SELECT s.commission_seats FROM commission_commission c "
                "JOIN commission_subdecree s ON s.id = c.sub_decree_id "
                "WHERE c.id = {body} FOR NO KEY UPDATE OF c"
            ),
        ),
        seat_limit(
            rule="secretariat_seat_limit",
            table="commission_secretariatmembership",
            body_column="secretariat_id",
            seats_query=(
                "SELECT s.secretariat_seats FROM commission_secretariat t "
                "JOIN commission_commission c ON c.id = t.commission_id "
                "JOIN commission_subdecree s ON s.id = c.sub_decree_id "
                "WHERE t.id = {body} FOR NO KEY UPDATE OF t"
            ),
        ),
        exactly_one(
            rule="commission_chair_required",
            table="commission_commissionmembership",
            body_column="commission_id",
            role="chair",
        ),
        exactly_one(
            rule="secretariat_chief_required",
            table="commission_secretariatmembership",
            body_column="secretariat_id",
            role="chief",
        ),
    ]
