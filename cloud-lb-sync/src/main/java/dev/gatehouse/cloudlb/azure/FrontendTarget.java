package dev.gatehouse.cloudlb.azure;

import com.azure.resourcemanager.network.fluent.models.FrontendIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import java.util.Optional;

/**
 * Where a Service's frontend takes its address from: a public IP resource, or a subnet (an internal
 * load balancer), with a static private address when the Service asked for one and Azure's pick otherwise.
 */
record FrontendTarget(Optional<String> publicIpId, Optional<String> subnetId, Optional<String> privateIp) {

    static FrontendTarget publicIp(String publicIpId) {
        return new FrontendTarget(Optional.of(publicIpId), Optional.empty(), Optional.empty());
    }

    static FrontendTarget subnet(String subnetId, Optional<String> privateIp) {
        return new FrontendTarget(Optional.empty(), Optional.of(subnetId), privateIp);
    }

    FrontendIpConfigurationInner toFrontend(String name) {
        FrontendIpConfigurationInner frontend = new FrontendIpConfigurationInner().withName(name);
        if (publicIpId.isPresent()) {
            return frontend.withPublicIpAddress(new PublicIpAddressInner().withId(publicIpId.get()));
        }
        frontend.withSubnet(new SubnetInner().withId(subnetId.orElseThrow()));
        return privateIp.isPresent()
                ? frontend.withPrivateIpAllocationMethod(IpAllocationMethod.STATIC).withPrivateIpAddress(privateIp.get())
                : frontend.withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC);
    }

    /** Whether {@code frontend} already takes its address from here; the address Azure picked is not compared. */
    boolean matches(FrontendIpConfigurationInner frontend) {
        String currentPublicIp = frontend.publicIpAddress() == null ? null : frontend.publicIpAddress().id();
        String currentSubnet = frontend.subnet() == null ? null : frontend.subnet().id();
        if (publicIpId.isPresent()) {
            return ResourceIds.same(publicIpId.get(), currentPublicIp) && currentSubnet == null;
        }
        if (!ResourceIds.same(subnetId.orElseThrow(), currentSubnet) || currentPublicIp != null) {
            return false;
        }
        boolean isStatic = frontend.privateIpAllocationMethod() != null
                && IpAllocationMethod.STATIC.toString().equalsIgnoreCase(frontend.privateIpAllocationMethod().toString());
        return privateIp.map(ip -> isStatic && ip.equals(frontend.privateIpAddress())).orElse(!isStatic);
    }
}
