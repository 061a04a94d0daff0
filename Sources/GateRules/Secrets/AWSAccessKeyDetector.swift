/// AWS access key ids (long-term AKIA and temporary ASIA) and secret access keys.
struct AWSAccessKeyDetector: CredentialDetector {
    let provider: String? = "aws"
    var shapes: [TokenShape] { Self.tokenShapes }
    var assignments: [AssignmentRule] { [Self.secretAccessKey] }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("AWS access key id", prefix: "A[KS]IA", body: .run(.upperAlphanumeric, 16...16)),
    ]

    private static let base64 = ByteSet("A-Za-z0-9+/")

    /// A 40-character secret assigned to a name such as `aws_secret_access_key` or `SecretAccessKey`.
    static let secretAccessKey = AssignmentRule(
        CredentialVerdict("AWS secret access key"), minimumLength: 40, refusedBytes: ByteSet(" \t"),
        plausible: { [base64] buffer, value in value.count == 40 && value.allSatisfy { base64.contains(buffer[$0]) } },
        accepts: { name, buffer, value in
            (name.contains("secretaccesskey") || (name.contains("aws") && name.contains("secret")))
                && SecretValue.looksLive(shaped: buffer, value, minimumEntropy: 4.0)
        })

    private static let about = DetectorDescription(
        id: "aws-access-key", name: "AWS access key", category: .secret,
        rationale: """
            AWS keys reach everything their IAM user or role may touch: Bedrock models, EC2 capacity, S3 data. \
            Reports access key ids (AKIA…, ASIA… for temporary credentials) and 40-character secret access \
            keys assigned to names such as aws_secret_access_key. AWS's documented example key \
            (AKIAIOSFODNN7EXAMPLE) and values that say example, dummy or test are not reported.
            """,
        triggering: [
            DetectorExample("""
                [default]
                aws_access_key_id = ↓\(ExampleSecret.awsAccessKeyID)
                aws_secret_access_key = ↓\(ExampleSecret.awsSecretAccessKey)
                """, path: "deploy/aws/credentials"),
            DetectorExample("""
                import boto3

                bedrock = boto3.client(
                    "bedrock-runtime",
                    aws_access_key_id="↓\(ExampleSecret.awsSessionKeyID)",
                    aws_secret_access_key="↓\(ExampleSecret.awsSecretAccessKey)",
                )
                """, path: "jobs/embed.py"),
            DetectorExample("""
                env:
                  AWS_ACCESS_KEY_ID: ↓\(ExampleSecret.awsAccessKeyID)
                  AWS_SECRET_ACCESS_KEY: "↓\(ExampleSecret.awsSecretAccessKey)"
                """, path: ".github/workflows/deploy.yml"),
            DetectorExample("""
                { "accessKeyId": "↓\(ExampleSecret.awsAccessKeyID)", "region": "us-east-1" }
                """, path: "config/aws.json"),
        ],
        nonTriggering: [
            DetectorExample("""
                [default]
                aws_access_key_id = AKIAIOSFODNN7EXAMPLE
                aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                """, path: "docs/aws.md"),
            DetectorExample("""
                env:
                  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
                  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                """, path: ".github/workflows/deploy.yml"),
            DetectorExample("""
                const s3 = new S3Client({
                  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET },
                });
                """, path: "src/storage.ts"),
            DetectorExample("KMS_ALIAS=alias/AKIAPROD-rotation\n", path: ".env"),
        ])
}
