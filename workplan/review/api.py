"""The review API: review assignments and their decisions, comment threads.

Read through policies, write through workplan.review.services; what a client may not see is 404.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workplan.api import PROBLEM
from workplan.api import act as _act
from workplan.drafting import selectors
from workplan.models import Comment, ReviewAssignment
from workplan.reads import ConfidentialReadMixin
from workplan.review import selectors as review_selectors
from workplan.review import services as reviews


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    resolved = serializers.BooleanField(source="is_resolved", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "parent", "author", "body", "quote", "created_at", "resolved"]
        read_only_fields = ["id", "author", "created_at", "resolved"]
        extra_kwargs = {"parent": {"required": False, "allow_null": True}, "quote": {"required": False}}


class CommentList(ConfidentialReadMixin, generics.ListCreateAPIView):
    """A section's comments (threads and replies); POST starts a thread or replies in one."""

    serializer_class = CommentSerializer
    queryset = Comment.objects.none()  # for the schema; get_queryset asks the policy

    def get_section(self):
        return selectors.section_head(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        section = self.get_section()
        self.audit_read(section, "comment.read")
        return Comment.objects.filter(section=section).select_related("author").order_by("created_at", "id")

    @extend_schema(responses={201: CommentSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM})
    def post(self, request, pk):
        section = self.get_section()
        parent_id = request.data.get("parent") if isinstance(request.data, dict) else None
        parent = None
        if parent_id not in (None, ""):
            try:
                parent = Comment.objects.get(pk=int(parent_id), section=section)
            except (TypeError, ValueError, OverflowError, Comment.DoesNotExist):  # 1e400 in JSON is infinity
                raise exceptions.ValidationError({"parent": [_("Reply to a thread of this section.")]}) from None
        body = request.data.get("body", "") if isinstance(request.data, dict) else ""
        quote = request.data.get("quote", "") if isinstance(request.data, dict) else ""
        if not isinstance(body, str) or not isinstance(quote, str):
            raise exceptions.ValidationError({"body": [_("Write the comment as text.")]})
        comment = _act(
            lambda: reviews.comment_create(section=section, actor=request.user, body=body, quote=quote, parent=parent)
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class ReviewSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section_id", read_only=True)
    ministry = serializers.CharField(source="ministry.code", read_only=True)
    decision = serializers.CharField(source="state", read_only=True)

    class Meta:
        model = ReviewAssignment
        fields = ["id", "section", "ministry", "decision", "revision_number", "remarks", "due_on", "decided_at"]
        read_only_fields = fields


class ReviewList(generics.ListAPIView):
    """The review assignments the user may see in drafts under review, theirs first."""

    serializer_class = ReviewSerializer
    queryset = ReviewAssignment.objects.none()  # for the schema; get_queryset asks the policy

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return review_selectors.review_list(self.request.user)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "request_changes"])
    remarks = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema(request=DecisionSerializer, responses={200: ReviewSerializer, 400: PROBLEM, 403: PROBLEM, 404: PROBLEM})
class ReviewDecisionView(APIView):
    """The assigned liaison approves the section or requests changes."""

    def post(self, request, pk):
        try:
            assignment = review_selectors.review_get(request.user, pk)
        except Http404:
            raise exceptions.NotFound from None
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _act(
            lambda: reviews.review_decide(
                assignment_id=assignment.pk,
                actor=request.user,
                decision=serializer.validated_data["decision"],
                remarks=serializer.validated_data["remarks"],
            )
        )
        assignment = review_selectors.review_get(request.user, pk)
        return Response(ReviewSerializer(assignment).data)


class ResolveSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(default=True, help_text="false reopens the thread.")


@extend_schema(request=ResolveSerializer, responses={200: CommentSerializer})
class CommentResolveView(APIView):
    """Resolve a comment thread, or reopen it (its author, the section's task force, the chief)."""

    def post(self, request, pk):
        thread = review_selectors.comment_get(request.user, pk)
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        thread = _act(
            lambda: reviews.comment_resolve(
                thread=thread, actor=request.user, resolved=serializer.validated_data["resolved"]
            )
        )
        return Response(CommentSerializer(thread).data)
