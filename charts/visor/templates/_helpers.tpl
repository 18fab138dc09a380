{{- define "visor.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "visor.labels" -}}
app.kubernetes.io/part-of: visor
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "visor.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* Address of a service's gRPC port inside the cluster. */}}
{{- define "visor.grpcAddress" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{ include "visor.fullname" $root }}-{{ $name }}:{{ (index $root.Values.services $name).grpcPort }}
{{- end -}}
