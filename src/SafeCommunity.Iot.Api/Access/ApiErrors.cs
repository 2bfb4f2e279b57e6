using System.Globalization;
using Grpc.Core;

namespace SafeCommunity.Iot.Api.Access;

/// <summary>The statuses the API answers with, worded for the person at the other end.</summary>
internal static class ApiErrors
{
    /// <summary>The trailer that tells a stream's subscriber where to resume.</summary>
    public const string ResumeAfterTrailer = "resume-after-sequence";

    /// <summary>A bad argument; the message starts with the field's name.</summary>
    public static RpcException Invalid(string field, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"));

    /// <summary>Something that does not exist, or that the caller may not see (the two look the same).</summary>
    public static RpcException NotFound(string what) =>
        new(new Status(StatusCode.NotFound, $"{what} does not exist or is not visible to this token."));

    /// <summary>The caller's role may not do this at all.</summary>
    public static RpcException Denied(string what) =>
        new(new Status(StatusCode.PermissionDenied, $"This token may not {what}."));

    /// <summary>The request is valid but the state does not allow it.</summary>
    public static RpcException Precondition(string problem) => new(new Status(StatusCode.FailedPrecondition, problem));

    /// <summary>Something with that id is already there.</summary>
    public static RpcException Exists(string problem) => new(new Status(StatusCode.AlreadyExists, problem));

    /// <summary>A stream ends; the client resumes after <paramref name="sequence"/>.</summary>
    public static RpcException StreamEnded(StatusCode code, string reason, long sequence) =>
        new(
            new Status(code, reason),
            new Metadata { { ResumeAfterTrailer, sequence.ToString(CultureInfo.InvariantCulture) } });
}
