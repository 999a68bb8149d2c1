# A child module given its task definition and target group by the caller (input variables):
# a second Fargate service of the api task definition behind a target group of type ip.
variable "cluster" { type = string }
variable "subnets" { type = list(string) }
variable "task_definition_arn" { type = string }
variable "target_group_arn" { type = string }

resource "aws_ecs_service" "this" {
  name            = "frontend"
  cluster         = var.cluster
  task_definition = var.task_definition_arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets = var.subnets
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "api"
    container_port   = 8080
  }
}
