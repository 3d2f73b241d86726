"""Public representation of the task forces."""

from rest_framework import serializers

from members.serializers import PersonSerializer

from .models import TaskForce, TaskForceMembership


class TaskForceMemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = TaskForceMembership
        fields = ["person", "role", "organization", "started_on"]
        read_only_fields = fields


class TaskForceSerializer(serializers.ModelSerializer):
    members = TaskForceMemberSerializer(source="active_memberships", many=True, read_only=True)

    class Meta:
        model = TaskForce
        fields = ["code", "name_km", "name_en", "mandate_km", "mandate_en", "members"]
        read_only_fields = fields
