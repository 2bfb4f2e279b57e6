using System.Net.Sockets;

namespace SafeCommunity.Iot.Notifications.Channels;

/// <summary>One HTTP attempt of the webhook and SMS channels, its failures turned into outcomes.</summary>
internal static class HttpDelivery
{
    public static async Task<DeliveryOutcome> SendAsync(IHttpClientFactory clients, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.CreateClient(WebhookSender.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return DeliveryOutcome.FromHttp(response.StatusCode);
        }
        catch (HttpRequestException exception)
        {
            // The message names the host and the socket error, never the path or query (where a key could be).
            return DeliveryOutcome.Retry(exception.InnerException is SocketException socket
                ? $"connection failed: {socket.SocketErrorCode}"
                : $"HTTP request failed: {exception.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry("no answer within the send timeout");
        }
    }
}
