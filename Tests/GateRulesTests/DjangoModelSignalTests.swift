import GateCore
import GateRules
import XCTest

/// Saving a Django model runs more than the call that saves it: the model's `save()` override, and the receivers of
/// its `pre_save`/`post_save` signals, which an app declares in its `signals.py` (a file the view never imports).
/// A view that creates or saves such a record reaches the paid work they do or enqueue, as a Rails action reaches
/// its model's `after_create` callbacks.
final class DjangoModelSignalTests: XCTestCase {
    private static let plainModel = """
        from django.db import models


        class Document(models.Model):
            body = models.TextField()
            summary = models.TextField(blank=True)


        class Comment(models.Model):
            text = models.TextField()
        """
    /// A model whose `save()` enqueues the paid summary after saving.
    private static let summarizingModel = """
        from django.db import models

        from .tasks import summarize_document


        class Document(models.Model):
            body = models.TextField()
            summary = models.TextField(blank=True)

            def save(self, *args, **kwargs):
                created = self.pk is None
                super().save(*args, **kwargs)
                if created:
                    summarize_document.delay(self.pk)


        class Comment(models.Model):
            text = models.TextField()
        """
    private static let tasks = """
        from celery import shared_task
        from openai import OpenAI

        client = OpenAI()


        @shared_task
        def summarize_document(pk):
            response = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": str(pk)}])
            return response.choices[0].message.content
        """
    private static let urls = """
        from django.urls import path

        from . import views

        urlpatterns = [path("upload/", views.upload)]
        """

    /// A view module creating a `Document` in `upload` as `body` writes it.
    private static func views(_ body: String, imports: String = "from .models import Document") -> String {
        """
        from django.http import JsonResponse
        from django.shortcuts import get_object_or_404

        \(imports)


        def upload(request, pk=None):
        \(body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
            return JsonResponse({"ok": True})
        """
    }

    /// A `signals.py` declaring `declaration` over `on_document_saved`, which enqueues the paid summary.
    private static func signals(_ declaration: String, connect: String = "") -> String {
        """
        from django.db.models.signals import post_save, pre_save, post_delete
        from django.dispatch import receiver

        from .models import Comment, Document
        from .tasks import summarize_document


        \(declaration)
        def on_document_saved(sender, instance, created, **kwargs):
            if created:
                summarize_document.delay(instance.pk)
        \(connect)
        """
    }

    private func openViews(_ files: [String: String]) -> [String] {
        var head = ["docs/urls.py": Self.urls, "docs/tasks.py": Self.tasks]
        head.merge(files) { _, new in new }
        return EndpointGuardScopeTests.openRoutes("docs/views.py", head: head)
    }

    private func reachFindings(_ files: [String: String]) -> [Finding] {
        var head = ["docs/urls.py": Self.urls, "docs/tasks.py": Self.tasks]
        head.merge(files) { _, new in new }
        return headTreeFindings("docs/views.py", head: head).filter { $0.rule != "unprotected-endpoint" }
    }

    // MARK: A save() override

    func testObjectsCreateRunsTheModelsSaveOverride() {
        let files = ["docs/models.py": Self.summarizingModel, "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])")]
        XCTAssertEqual(openViews(files), ["view upload"])
        // Reported as a Rails action reaching its model's `after_create` job is: the paid call enqueued runs as
        // background work, with the chain through the model's save().
        let reached = reachFindings(files)
        XCTAssertEqual(reached.map(\.rule), ["batch-model-call"])
        XCTAssertEqual(reached.map(\.line), [8])
        let message = reached.first?.message ?? ""
        XCTAssertTrue(message.contains("save() docs/models.py:10 → summarize_document() docs/tasks.py:8"), message)
        XCTAssertTrue(message.contains("enqueues summarize_document"), message)
        XCTAssertEqual(openViews(["docs/models.py": Self.summarizingModel, "docs/views.py": Self.views(
            "Document.objects.get_or_create(body=request.POST[\"body\"])")]), ["view upload"])
    }

    func testSavingARecordKnownToBeTheModelRunsItsSaveOverride() {
        for body in [
            "doc = Document(body=request.POST[\"body\"])\ndoc.save()",
            "doc = get_object_or_404(Document, pk=pk)\ndoc.body = request.POST[\"body\"]\ndoc.save()",
            "doc = Document.objects.get(pk=pk)\ndoc.save(update_fields=[\"body\"])",
            "Document.objects.get(pk=pk).save()",
        ] {
            XCTAssertEqual(openViews(["docs/models.py": Self.summarizingModel, "docs/views.py": Self.views(body)]),
                           ["view upload"], body)
        }
    }

    func testASaveOverrideWithoutPaidWorkIsNotReached() {
        let model = Self.summarizingModel.replacingOccurrences(of: "summarize_document.delay(self.pk)", with: "self.summary = self.body[:80]")
        XCTAssertEqual(openViews(["docs/models.py": model, "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])")]), [])
        // Another model of the same file, whose save is Django's own.
        XCTAssertEqual(openViews(["docs/models.py": Self.summarizingModel, "docs/views.py": Self.views(
            "Comment.objects.create(text=request.POST[\"body\"])", imports: "from .models import Comment")]), [])
    }

    /// Neither a queryset's `update(…)` nor `bulk_create(…)` calls `save()`; a value of unknown type is not guessed to
    /// be a record of every model that overrides `save()`.
    func testWritesThatDoNotCallSaveRunNothing() {
        for body in [
            "Document.objects.filter(pk=pk).update(body=request.POST[\"body\"])",
            "Document.objects.bulk_create([Document(body=request.POST[\"body\"])])",
            "record = request.user.profile\nrecord.save()",
            "for item in request.user.documents.all():\n    item.save()",
        ] {
            XCTAssertEqual(openViews(["docs/models.py": Self.summarizingModel, "docs/views.py": Self.views(body)]), [], body)
        }
    }

    // MARK: Signal receivers

    func testAPostSaveReceiverInSignalsPyIsRunByCreatingTheModel() {
        let files = [
            "docs/models.py": Self.plainModel, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)"),
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
        ]
        XCTAssertEqual(openViews(files), ["view upload"])
        let reached = reachFindings(files)
        XCTAssertEqual(reached.map(\.rule), ["batch-model-call"])
        let message = reached.first?.message ?? ""
        XCTAssertTrue(message.contains("on_document_saved() docs/signals.py:9 → summarize_document() docs/tasks.py"), message)
        // Without the receiver the same view reaches nothing.
        XCTAssertEqual(openViews(files.merging(["docs/signals.py": "from django.dispatch import receiver\n"]) { _, new in new }), [])
    }

    func testReceiverShapes() {
        for declaration in [
            "@receiver(pre_save, sender=Document)",
            "@receiver([post_save, post_delete], sender=Document)",
            "@receiver(post_save, sender=\"docs.Document\")",
            "@receiver(signals.post_save, sender=models.Document)",
        ] {
            let signals = Self.signals(declaration)
                .replacingOccurrences(of: "from .models import Comment, Document", with: "from . import models\nfrom .models import Comment, Document")
                .replacingOccurrences(of: "from django.dispatch import receiver", with: "from django.dispatch import receiver\nfrom django.db.models import signals")
            XCTAssertEqual(openViews([
                "docs/models.py": Self.plainModel, "docs/signals.py": signals,
                "docs/views.py": Self.views("doc = Document(body=request.POST[\"body\"])\ndoc.save()"),
            ]), ["view upload"], declaration)
        }
        // `post_save.connect(handler, sender=Document)`, in the signals module or in the app config's `ready()`.
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel,
            "docs/signals.py": Self.signals("", connect: "\n\npost_save.connect(on_document_saved, sender=Document)"),
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
        ]), ["view upload"])
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel,
            "docs/receivers.py": Self.signals(""),
            "docs/apps.py": """
                from django.apps import AppConfig
                from django.db.models.signals import post_save


                class DocsConfig(AppConfig):
                    name = "docs"

                    def ready(self):
                        from .models import Document
                        from .receivers import on_document_saved

                        post_save.connect(on_document_saved, sender=Document)
                """,
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
        ]), ["view upload"])
    }

    /// A `models` package whose `__init__.py` re-exports the model of one of its modules.
    func testAModelOfAModelsPackage() {
        for declaration in ["@receiver(post_save, sender=Document)", "@receiver(post_save, sender=\"docs.Document\")"] {
            XCTAssertEqual(openViews([
                "docs/models/__init__.py": "from .document import Comment, Document\n",
                "docs/models/document.py": Self.plainModel, "docs/signals.py": Self.signals(declaration),
                "docs/views.py": Self.views("doc = get_object_or_404(Document, pk=pk)\ndoc.save()"),
            ]), ["view upload"], declaration)
        }
    }

    /// A receiver that makes the paid call itself, or through a wrapper of another module.
    func testAReceiverMakingThePaidCallDirectly() {
        let signals = """
            from django.db.models.signals import post_save
            from django.dispatch import receiver
            from openai import OpenAI

            from .models import Document

            client = OpenAI()


            @receiver(post_save, sender=Document)
            def summarize(sender, instance, **kwargs):
                client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": instance.body}])
            """
        let files = [
            "docs/models.py": Self.plainModel, "docs/signals.py": signals,
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
        ]
        XCTAssertEqual(openViews(files), ["view upload"])
        XCTAssertEqual(reachFindings(files).map(\.rule), ["paid-call-reach"])
        // The model's own save() (models.py) and the receiver (signals.py) both run: the call is not ambiguous
        // between two files.
        let overriding = Self.summarizingModel.replacingOccurrences(
            of: "summarize_document.delay(self.pk)", with: "self.summary = self.body[:80]")
        let reached = reachFindings(files.merging(["docs/models.py": overriding]) { _, new in new })
        XCTAssertEqual(reached.map(\.rule), ["paid-call-reach"])
        let message = reached.first?.message ?? ""
        XCTAssertTrue(message.contains("summarize() docs/signals.py:11 → client.chat.completions.create"), message)
        XCTAssertFalse(message.contains("ambiguous"), message)
    }

    func testAReceiverOfAnotherModelIsNotRun() {
        for declaration in [
            "@receiver(post_save, sender=Comment)",
            "@receiver(post_save, sender=\"docs.Comment\")",
            "@receiver(post_save, sender=\"billing.Document\")",
            "@receiver(post_delete, sender=Document)",
        ] {
            XCTAssertEqual(openViews([
                "docs/models.py": Self.plainModel, "docs/signals.py": Self.signals(declaration),
                "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
            ]), [], declaration)
        }
        // A receiver of a base class is not run for its subclasses' records (Django sends the concrete class).
        let subclassed = Self.plainModel + "\n\nclass SharedDocument(Document):\n    team = models.TextField()\n"
        XCTAssertEqual(openViews([
            "docs/models.py": subclassed, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)"),
            "docs/views.py": Self.views("SharedDocument.objects.create(body=request.POST[\"body\"])", imports: "from .models import SharedDocument"),
        ]), [])
        XCTAssertEqual(openViews([
            "docs/models.py": subclassed, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)")
                .replacingOccurrences(of: "sender=Document", with: "sender=SharedDocument")
                .replacingOccurrences(of: "import Comment, Document", with: "import SharedDocument"),
            "docs/views.py": Self.views("SharedDocument.objects.create(body=request.POST[\"body\"])", imports: "from .models import SharedDocument"),
        ]), ["view upload"])
        // A `Document` model of another app, whose receiver is declared in that app.
        let billingSignals = Self.signals("@receiver(post_save, sender=Document)")
            .replacingOccurrences(of: "from .models import Comment, Document", with: "from billing.models import Document")
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel, "billing/models.py": Self.plainModel, "billing/signals.py": billingSignals,
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])"),
        ]), [])
    }

    /// A queryset's `update(…)` sends no `post_save`; `bulk_create(…)` none either.
    func testReceiversAreNotRunByUpdateOrBulkCreate() {
        for body in [
            "Document.objects.filter(pk=pk).update(body=request.POST[\"body\"])",
            "Document.objects.bulk_create([Document(body=request.POST[\"body\"])])",
            "doc = Document.objects.filter(pk=pk)\ndoc.update(body=request.POST[\"body\"])",
        ] {
            XCTAssertEqual(openViews([
                "docs/models.py": Self.plainModel, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)"),
                "docs/views.py": Self.views(body),
            ]), [], body)
        }
    }

    func testDeletingRunsTheDeleteReceiversOnly() {
        let signals = Self.signals("@receiver(post_delete, sender=Document)")
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel, "docs/signals.py": signals,
            "docs/views.py": Self.views("doc = get_object_or_404(Document, pk=pk)\ndoc.delete()"),
        ]), ["view upload"])
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel, "docs/signals.py": signals,
            "docs/views.py": Self.views("doc = get_object_or_404(Document, pk=pk)\ndoc.save()"),
        ]), [])
    }

    /// Only Python models and receivers: a Rails model or a TypeScript class of the same name is no Django model.
    func testAModelOfTheSameNameInAnotherLanguageIsNotRun() {
        let rails = """
            class Document < ApplicationRecord
              after_create :summarize

              def summarize
                client = OpenAI::Client.new(access_token: ENV["OPENAI_API_KEY"])
                client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: body }] })
              end
            end
            """
        let typescript = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export class Document {
              async save() {
                await openai.chat.completions.create({ model: "gpt-4o", messages: [] });
              }
            }
            """
        XCTAssertEqual(openViews([
            "docs/models.py": Self.plainModel, "app/models/document.rb": rails, "web/src/document.ts": typescript,
            "docs/views.py": Self.views("doc = Document(body=request.POST[\"body\"])\ndoc.save()\nDocument.objects.create(body=\"x\")"),
        ]), [])
    }

    /// A guarded view still reaches the paid call; it is no open endpoint.
    func testAGuardedViewIsNotOpen() {
        let files = [
            "docs/models.py": Self.plainModel, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)"),
            "docs/views.py": Self.views("Document.objects.create(body=request.POST[\"body\"])")
                .replacingOccurrences(of: "def upload", with: "@login_required\ndef upload")
                .replacingOccurrences(of: "from django.shortcuts import get_object_or_404",
                                      with: "from django.contrib.auth.decorators import login_required\nfrom django.shortcuts import get_object_or_404"),
        ]
        XCTAssertEqual(openViews(files), [])
        XCTAssertEqual(reachFindings(files).map(\.rule), ["batch-model-call"])
    }

    // MARK: Forms and serializers

    private static let serializers = """
        from rest_framework import serializers

        from .models import Comment, Document


        class DocumentSerializer(serializers.ModelSerializer):
            class Meta:
                model = Document
                fields = ["id", "body"]


        class CommentSerializer(serializers.ModelSerializer):
            class Meta:
                model = Comment
                fields = ["id", "text"]
        """

    /// The open views of `views` beside `serializers`, over a `Document` whose `post_save` receiver enqueues paid work.
    private func openWithSerializers(_ views: String) -> [String] {
        openViews([
            "docs/models.py": Self.plainModel, "docs/signals.py": Self.signals("@receiver(post_save, sender=Document)"),
            "docs/serializers.py": Self.serializers, "docs/views.py": views,
        ])
    }

    func testAModelSerializersSaveRunsTheModelsSave() {
        func views(_ serializer: String) -> String {
            """
            from rest_framework.decorators import api_view
            from rest_framework.response import Response

            from .serializers import CommentSerializer, DocumentSerializer


            @api_view(["POST"])
            def upload(request):
                serializer = \(serializer)(data=request.data)
                serializer.is_valid(raise_exception=True)
                serializer.save()
                return Response(serializer.data)
            """
        }
        XCTAssertEqual(openWithSerializers(views("DocumentSerializer")), ["POST upload"])
        // A serializer of another model.
        XCTAssertEqual(openWithSerializers(views("CommentSerializer")), [])
    }

    /// DRF's `perform_create(self, serializer)` is handed an instance of the viewset's `serializer_class`.
    func testAViewsetsPerformCreateSavesThroughItsSerializerClass() {
        func views(_ serializer: String, hook: String = "perform_create") -> String {
            """
            from rest_framework import viewsets
            from rest_framework.permissions import AllowAny

            from .serializers import CommentSerializer, DocumentSerializer


            class DocumentViewSet(viewsets.ModelViewSet):
                permission_classes = [AllowAny]
                serializer_class = \(serializer)

                def \(hook)(self, serializer):
                    serializer.save(owner=None)
            """
        }
        XCTAssertEqual(openWithSerializers(views("DocumentSerializer")), ["view perform_create"])
        XCTAssertEqual(openWithSerializers(views("CommentSerializer")), [])
        // A method of another name is handed no serializer of the view's.
        XCTAssertEqual(openWithSerializers(views("DocumentSerializer", hook: "prepare")), [])
    }

    func testAModelFormsSaveRunsTheModelsSave() {
        let forms = """
            from django import forms

            from .models import Document


            class DocumentForm(forms.ModelForm):
                class Meta:
                    model = Document
                    fields = ["body"]
            """
        let body = "form = DocumentForm(request.POST)\nif form.is_valid():\n    form.save()"
        XCTAssertEqual(openViews([
            "docs/models.py": Self.summarizingModel, "docs/forms.py": forms,
            "docs/views.py": Self.views(body, imports: "from .forms import DocumentForm"),
        ]), ["view upload"])
        // A generic editing view's `form_valid(self, form)` is handed an instance of its `form_class` (the hook is
        // no endpoint of its own, so the call is reported where it is made).
        let createView = """
            from django.views.generic.edit import CreateView

            from .forms import DocumentForm


            class UploadView(CreateView):
                form_class = DocumentForm
                template_name = "docs/upload.html"

                def form_valid(self, form):
                    self.object = form.save()
                    return super().form_valid(form)
            """
        let formView = ["docs/models.py": Self.summarizingModel, "docs/forms.py": forms, "docs/views.py": createView]
        XCTAssertEqual(reachFindings(formView).map(\.line), [11])
        XCTAssertEqual(reachFindings(formView.merging(["docs/views.py": createView.replacingOccurrences(
            of: "form_class = DocumentForm", with: "form_class = None")]) { _, new in new }).map(\.line), [])
        // A plain form has no model to save.
        XCTAssertEqual(openViews([
            "docs/models.py": Self.summarizingModel,
            "docs/forms.py": forms.replacingOccurrences(of: "forms.ModelForm", with: "forms.Form"),
            "docs/views.py": Self.views(body, imports: "from .forms import DocumentForm"),
        ]), [])
    }
}
