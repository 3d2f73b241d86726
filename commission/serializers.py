"""Public representation of the commission's composition."""

from rest_framework import serializers

from members.serializers import MinistrySerializer, PersonSerializer
from taskforces.serializers import TaskForceSerializer

from .models import Commission, CommissionMembership, Secretariat, SecretariatMembership, SubDecree


class SubDecreeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubDecree
        fields = [
            "number",
            "name_km",
            "name_en",
            "signed_on",
            "signed_by_km",
            "signed_by_en",
            "commission_seats",
            "secretariat_seats",
        ]
        read_only_fields = fields


class CommissionMemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = CommissionMembership
        fields = ["person", "role", "organization", "started_on"]
        read_only_fields = fields


class SecretariatMemberSerializer(CommissionMemberSerializer):
    class Meta(CommissionMemberSerializer.Meta):
        model = SecretariatMembership


class SecretariatSerializer(serializers.ModelSerializer):
    members = SecretariatMemberSerializer(source="active_memberships", many=True, read_only=True)
    task_forces = TaskForceSerializer(many=True, read_only=True)

    class Meta:
        model = Secretariat
        fields = ["name_km", "name_en", "members", "task_forces"]
        read_only_fields = fields


class CommissionSerializer(serializers.ModelSerializer):
    sub_decree = SubDecreeSerializer(read_only=True)
    members = CommissionMemberSerializer(source="active_memberships", many=True, read_only=True)
    ministries = MinistrySerializer(many=True, read_only=True)
    secretariat = SecretariatSerializer(read_only=True)

    class Meta:
        model = Commission
        fields = [
            "name_km",
            "name_en",
            "short_name_km",
            "short_name_en",
            "sub_decree",
            "members",
            "ministries",
            "secretariat",
        ]
        read_only_fields = fields
