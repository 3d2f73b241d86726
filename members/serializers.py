"""Public representations of people and organisations."""

from rest_framework import serializers

from .models import Organization, User


class MinistrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["code", "name_km", "name_en", "abbreviation", "is_illustrative"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    """A person's public face: name and position, never account details."""

    class Meta:
        model = User
        fields = ["name_km", "name_en", "title_km", "title_en", "is_illustrative"]
        read_only_fields = fields
