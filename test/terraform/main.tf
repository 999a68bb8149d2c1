# A small deployment for ecsnet's Terraform service fixtures (tools/synth-tfplan.sh): a Fargate
# service behind an ALB target group of type ip, an EC2 service in bridge mode behind a target
# group of type instance (dynamic host port), and Service Connect between them. Planned offline
# with fake credentials; never applied.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock-access-key"
  secret_key                  = "mock-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.main.id
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  security_groups    = [aws_security_group.tasks.id]
}

resource "aws_lb_target_group" "api" {
  name        = "api"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id
  health_check {
    path = "/health"
  }
}

resource "aws_lb_target_group" "legacy" {
  name        = "legacy"
  port        = 80
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = aws_vpc.main.id
  health_check {
    path = "/"
    port = "traffic-port"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_lb_listener_rule" "legacy" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.legacy.arn
  }
  condition {
    path_pattern {
      values = ["/legacy/*"]
    }
  }
}

resource "aws_service_discovery_http_namespace" "internal" {
  name = "internal"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
  service_connect_defaults {
    namespace = aws_service_discovery_http_namespace.internal.arn
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "api"
    image     = "public.ecr.aws/nginx/nginx:1.27"
    essential = true
    portMappings = [{
      name          = "http"
      containerPort = 8080
      protocol      = "tcp"
      appProtocol   = "http"
    }]
  }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = [aws_subnet.a.id, aws_subnet.b.id]
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8080
  }

  service_connect_configuration {
    enabled = true
    service {
      port_name      = "http"
      discovery_name = "api"
      client_alias {
        port     = 8080
        dns_name = "api.internal"
      }
      timeout {
        per_request_timeout_seconds = 30
      }
    }
  }

  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 50
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  depends_on = [aws_lb_listener.http]
}

resource "aws_ecs_task_definition" "legacy" {
  family                   = "legacy"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name      = "legacy"
    image     = "public.ecr.aws/nginx/nginx:1.27"
    essential = true
    memory    = 256
    portMappings = [{
      name          = "web"
      containerPort = 80
      hostPort      = 0
      protocol      = "tcp"
    }]
  }])
}

resource "aws_ecs_service" "legacy" {
  name            = "legacy"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.legacy.family
  desired_count   = 2
  launch_type     = "EC2"

  load_balancer {
    target_group_arn = aws_lb_target_group.legacy.arn
    container_name   = "legacy"
    container_port   = 80
  }

  service_connect_configuration {
    enabled = true
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  depends_on = [aws_lb_listener_rule.legacy]
}

module "worker" {
  source  = "./worker"
  cluster = aws_ecs_cluster.main.id
  subnets = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_lb_target_group" "frontend" {
  name        = "frontend"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id
}

module "frontend" {
  source              = "./frontend"
  cluster             = aws_ecs_cluster.main.id
  subnets             = [aws_subnet.a.id, aws_subnet.b.id]
  task_definition_arn = aws_ecs_task_definition.api.arn
  target_group_arn    = aws_lb_target_group.frontend.arn
}
