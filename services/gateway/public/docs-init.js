// Renders /openapi.json with the Swagger UI bundle served by the gateway itself (no CDN).
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: false });
