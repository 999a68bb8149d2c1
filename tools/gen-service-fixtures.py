#!/usr/bin/env python3
# Writes spec/fixtures/services/ECS0NN-<name>-{valid,invalid}.json: for each service rule a
# small CloudFormation template (task definition Web, target group ApiTg, service Api) that
# passes, and the same with the one defect the rule finds. What each rests on is in
# spec/fixtures/services/SOURCES.md. Run from the top folder: python3 tools/gen-service-fixtures.py
import json, copy, os
D = "spec/fixtures/services/"
def base():
    return {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Resources": {
        "Web": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
          "Family": "web", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
          "Cpu": "256", "Memory": "512",
          "ContainerDefinitions": [{"Name": "web", "Image": "nginx", "Essential": True,
            "PortMappings": [{"ContainerPort": 80, "Protocol": "tcp", "Name": "http"}]}]}},
        "ApiTg": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
          "Port": 80, "Protocol": "HTTP", "TargetType": "ip", "VpcId": "vpc-0123456789abcdef0"}},
        "Api": {"Type": "AWS::ECS::Service", "Properties": {
          "Cluster": "default", "LaunchType": "FARGATE", "TaskDefinition": {"Ref": "Web"},
          "DesiredCount": 2,
          "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "DISABLED",
            "Subnets": ["subnet-0123456789abcdef0"], "SecurityGroups": ["sg-0123456789abcdef0"]}},
          "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 80,
                             "TargetGroupArn": {"Ref": "ApiTg"}}]}}}}
def td(t): return t["Resources"]["Web"]["Properties"]
def tg(t): return t["Resources"]["ApiTg"]["Properties"]
def sv(t): return t["Resources"]["Api"]["Properties"]
def bridge(t, lt="EC2"):
    p = td(t); p["NetworkMode"] = "bridge"; p["RequiresCompatibilities"] = [lt]
    del p["Cpu"]; p["Memory"] = "512"
    s = sv(t); s["LaunchType"] = lt; del s["NetworkConfiguration"]
    tg(t)["TargetType"] = "instance"
def subnets(n): return ["subnet-%017x" % i for i in range(n)]
def sgs(n): return ["sg-%017x" % i for i in range(n)]
def extra_tgs(t, n):
    lbs = []
    for i in range(n):
        name = "ApiTg%d" % i
        t["Resources"][name] = copy.deepcopy(t["Resources"]["ApiTg"])
        lbs.append({"ContainerName": "web", "ContainerPort": 80, "TargetGroupArn": {"Ref": name}})
    sv(t)["LoadBalancers"] = lbs

cases = {}
def case(rule, name, valid, invalid):
    v = base(); valid(v); i = base(); invalid(i)
    cases[rule] = (name, v, i)

def v36(t): pass
def i36(t): del sv(t)["NetworkConfiguration"]
case("ECS036", "service-network-configuration", v36, i36)
def v37(t):
    a = sv(t)["NetworkConfiguration"]["AwsvpcConfiguration"]; a["Subnets"] = subnets(16); a["SecurityGroups"] = sgs(5)
def i37(t):
    a = sv(t)["NetworkConfiguration"]["AwsvpcConfiguration"]; a["Subnets"] = subnets(17)
case("ECS037", "awsvpc-configuration-limits", v37, i37)
def v38(t): sv(t)["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] = "ENABLED"
def i38(t):
    td(t)["RequiresCompatibilities"] = ["EC2"]; sv(t)["LaunchType"] = "EC2"
    sv(t)["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] = "ENABLED"
case("ECS038", "assign-public-ip", v38, i38)
def v39(t): pass
def i39(t):
    bridge(t); sv(t)["LaunchType"] = "FARGATE"; del sv(t)["LoadBalancers"]
case("ECS039", "fargate-service", v39, i39)
def v40(t):
    bridge(t, "EXTERNAL"); del sv(t)["LoadBalancers"]; del t["Resources"]["ApiTg"]
def i40(t): bridge(t, "EXTERNAL")
case("ECS040", "external-service", v40, i40)
def v41(t):
    # the target group's port (80) is a default; the service's ContainerPort matters
    td(t)["ContainerDefinitions"][0]["PortMappings"][0]["ContainerPort"] = 8080
    sv(t)["LoadBalancers"][0]["ContainerPort"] = 8080
def i41(t): sv(t)["LoadBalancers"][0]["ContainerPort"] = 8080
case("ECS041", "load-balancer-container", v41, i41)
def v42(t): pass
def i42(t): tg(t)["TargetType"] = "instance"
case("ECS042", "load-balancer-target-type", v42, i42)
def v43(t): extra_tgs(t, 5)
def i43(t): extra_tgs(t, 6)
case("ECS043", "load-balancer-count", v43, i43)
def v44(t):
    bridge(t); td(t)["ContainerDefinitions"][0]["PortMappings"][0]["HostPort"] = 0
def i44(t):
    v44(t); tg(t)["HealthCheckPort"] = "8081"
case("ECS044", "health-check-port", v44, i44)
def v45(t):
    m = td(t)["ContainerDefinitions"][0]["PortMappings"][0]; m["Protocol"] = "udp"; m["ContainerPort"] = 53; del m["Name"]
    sv(t)["LoadBalancers"][0]["ContainerPort"] = 53
    g = tg(t); g["Protocol"] = "UDP"; g["Port"] = 53; g["HealthCheckProtocol"] = "TCP"; g["HealthCheckPort"] = "80"
def i45(t):
    v45(t); td(t)["ContainerDefinitions"][0]["PortMappings"][0]["Protocol"] = "tcp"
case("ECS045", "load-balancer-protocol", v45, i45)
def v46(t):
    sv(t)["VpcLatticeConfigurations"] = [{"PortName": "http", "RoleArn": "arn:aws:iam::123456789012:role/lattice",
      "TargetGroupArn": "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0"}]
def i46(t):
    v46(t); sv(t)["VpcLatticeConfigurations"][0]["PortName"] = "grpc"
case("ECS046", "vpc-lattice-port-name", v46, i46)

def sd(t, record):
    t["Resources"]["Sd"] = {"Type": "AWS::ServiceDiscovery::Service", "Properties": {
      "Name": "api", "DnsConfig": {"DnsRecords": [{"Type": record, "TTL": 60}],
                                   "NamespaceId": "ns-0123456789abcdef"}}}
def v47(t):
    bridge(t); del sv(t)["LoadBalancers"]; del t["Resources"]["ApiTg"]; sd(t, "SRV")
    sv(t)["ServiceRegistries"] = [{"RegistryArn": {"Fn::GetAtt": ["Sd", "Arn"]},
                                   "ContainerName": "web", "ContainerPort": 80}]
def i47(t):
    v47(t); t["Resources"]["Sd"]["Properties"]["DnsConfig"]["DnsRecords"][0]["Type"] = "A"
case("ECS047", "service-registry", v47, i47)
def v48(t):
    td(t)["ContainerDefinitions"][0]["PortMappings"][0]["AppProtocol"] = "http"
    sv(t)["ServiceConnectConfiguration"] = {"Enabled": True, "Namespace": "internal",
      "Services": [{"PortName": "http", "Timeout": {"PerRequestTimeoutSeconds": 30, "IdleTimeoutSeconds": 60}}]}
def i48(t):
    v48(t); del td(t)["ContainerDefinitions"][0]["PortMappings"][0]["AppProtocol"]
case("ECS048", "service-connect-timeout", v48, i48)
def v49(t):
    del sv(t)["LaunchType"]
    sv(t)["CapacityProviderStrategy"] = [{"CapacityProvider": "FARGATE", "Weight": 1},
                                         {"CapacityProvider": "FARGATE_SPOT", "Weight": 3}]
def i49(t):
    v49(t); sv(t)["LaunchType"] = "FARGATE"
case("ECS049", "launch-type-or-capacity-providers", v49, i49)
def v50(t):
    sv(t)["ServiceConnectConfiguration"] = {"Enabled": True, "Namespace": "internal",
      "Services": [{"PortName": "http", "DiscoveryName": "web_api-1",
                    "ClientAliases": [{"Port": 80, "DnsName": "web.internal"}]}]}
def i50(t):
    v50(t); sv(t)["ServiceConnectConfiguration"]["Services"][0]["DiscoveryName"] = "Web.Api"
case("ECS050", "service-connect-names", v50, i50)

# Deployments (ECS059-ECS062, docs/reference.md §8.8): a bridge task definition with a static
# host port 80 on the instances of an Auto Scaling group behind a capacity provider.
def fleet(t, max_size, static=True):
    bridge(t)
    m = td(t)["ContainerDefinitions"][0]["PortMappings"][0]
    m["HostPort"] = 80 if static else 0
    s = sv(t); del s["LaunchType"]
    s["CapacityProviderStrategy"] = [{"CapacityProvider": {"Ref": "Cp"}, "Weight": 1}]
    r = t["Resources"]
    r["Lt"] = {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
      "LaunchTemplateData": {"InstanceType": "c5.large", "ImageId": "ami-0123456789abcdef0"}}}
    r["Asg"] = {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
      "MinSize": "1", "MaxSize": str(max_size),
      "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"},
                         "Version": {"Fn::GetAtt": ["Lt", "LatestVersionNumber"]}},
      "VPCZoneIdentifier": ["subnet-0123456789abcdef0"]}}
    r["Cp"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {
      "AutoScalingGroupProvider": {"AutoScalingGroupArn": {"Ref": "Asg"},
                                   "ManagedScaling": {"Status": "ENABLED", "TargetCapacity": 100}}}}
def deploy(t, **kw): sv(t)["DeploymentConfiguration"] = dict(kw)
def v59(t): fleet(t, 3); deploy(t, MaximumPercent=200, MinimumHealthyPercent=100)
def i59(t): fleet(t, 2); deploy(t, MaximumPercent=200, MinimumHealthyPercent=100)
case("ECS059", "rolling-deployment-stalls", v59, i59)
def v60(t): fleet(t, 4); deploy(t, Strategy="BLUE_GREEN", BakeTimeInMinutes=10)
def i60(t): fleet(t, 3); deploy(t, Strategy="BLUE_GREEN", BakeTimeInMinutes=10)
case("ECS060", "second-revision-capacity", v60, i60)
def i61(t):
    bridge(t); td(t)["ContainerDefinitions"][0]["PortMappings"][0]["HostPort"] = 80
    deploy(t, MaximumPercent=200, MinimumHealthyPercent=100)
case("ECS061", "deployment-capacity-unknown", v59, i61)
def network(t, cidr, desired):
    r = t["Resources"]
    r["Vpc"] = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
    r["SubnetA"] = {"Type": "AWS::EC2::Subnet", "Properties": {
      "VpcId": {"Ref": "Vpc"}, "CidrBlock": cidr, "AvailabilityZone": "us-east-1a"}}
    s = sv(t); s["DesiredCount"] = desired
    s["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"] = [{"Ref": "SubnetA"}]
    deploy(t, Strategy="BLUE_GREEN", BakeTimeInMinutes=10)
def v62(t): network(t, "10.0.0.0/27", 6)
def i62(t): network(t, "10.0.0.0/28", 6)
case("ECS062", "deployment-subnet-addresses", v62, i62)

# A DAEMON service with a deployment controller other than ECS (ECS063): on EC2, bridge.
def v63(t):
    bridge(t); s = sv(t); s["SchedulingStrategy"] = "DAEMON"; del s["DesiredCount"]
    s["DeploymentController"] = {"Type": "ECS"}
def i63(t): v63(t); sv(t)["DeploymentController"] = {"Type": "CODE_DEPLOY"}
case("ECS063", "daemon-deployment-controller", v63, i63)

for rule, (name, v, i) in sorted(cases.items()):
    for kind, t in (("valid", v), ("invalid", i)):
        with open(D + "%s-%s-%s.json" % (rule, name, kind), "w") as f:
            json.dump(t, f, indent=2); f.write("\n")
