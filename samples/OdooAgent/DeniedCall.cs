using System.Threading.Tasks;

namespace OdooAgent;

/// <summary>Compiled only with -p:ShowPolicyError=true: policy.json hides odoo_unlink, so this call is error TMCP0101.</summary>
internal static class DeniedCall
{
    public static async Task DeletePartnerAsync(OdooClient odoo)
    {
        await odoo.UnlinkAsync("res.partner", [42]);
    }
}
